import { ErrorCode, LlmopsError } from '@llmops/contract';
import { trackingFixture } from '../../testing/tracking-fixture';

describe('CreateExperimentHandler', () => {
  it('gives the experiment the next numeric id and a location under the artifact root', async () => {
    const f = trackingFixture('file:///data/artifacts');
    const experiment = await f.createExperiment.execute({ name: 'news', tags: [{ key: 'team', value: 'nlp' }] });
    expect(experiment).toMatchObject({
      id: '1',
      name: 'news',
      artifactLocation: 'mlflow-artifacts:/1',
      lifecycleStage: 'active',
      creationTime: f.clock.time,
      tags: [{ key: 'team', value: 'nlp' }],
    });
    expect(f.store.state.experiments.get('1')?.name).toBe('news');
    expect(f.locations.storageUri(experiment.artifactLocation)).toBe('file:///data/artifacts/1');
  });

  it("presents served locations by default and the store's file:// locations when artifacts are not served", async () => {
    const served = trackingFixture('file:///data/artifacts');
    const legacy = { id: '7', artifactLocation: 'file:///data/artifacts/7' };
    expect(served.locations.presentExperiment(legacy)).toBe('mlflow-artifacts:/7');
    expect(
      served.locations.presentRun({
        experimentId: '7',
        runId: 'r'.repeat(32),
        artifactUri: 'file:///data/artifacts/7/x',
      }),
    ).toBe(`mlflow-artifacts:/7/${'r'.repeat(32)}/artifacts`);
    const local = trackingFixture('file:///data/artifacts', false);
    const e = await local.createExperiment.execute({ name: 'laptop' });
    expect(local.locations.presentExperiment(e)).toBe('file:///data/artifacts/1');
    expect(local.locations.presentExperiment(legacy)).toBe('file:///data/artifacts/7');
  });

  it('takes an explicit served location inside the store and refuses one that escapes it', async () => {
    const f = trackingFixture('file:///artifacts');
    const e = await f.createExperiment.execute({ name: 'x', artifactLocation: 'mlflow-artifacts:/custom/x' });
    expect(f.locations.storageUri(e.artifactLocation)).toBe('file:///artifacts/custom/x');
    for (const artifactLocation of ['mlflow-artifacts:/../etc', 'mlflow-artifacts:/a/%2e%2e/%2e%2e/etc']) {
      await expect(f.createExperiment.execute({ name: 'y', artifactLocation })).rejects.toMatchObject({
        code: ErrorCode.INVALID_PARAMETER_VALUE,
      });
    }
  });

  it('keeps an explicit artifact location', async () => {
    const f = trackingFixture();
    const e = await f.createExperiment.execute({ name: 'x', artifactLocation: 'file:///artifacts/custom/x' });
    expect(e.artifactLocation).toBe('file:///artifacts/custom/x');
  });

  it.each([
    ['a duplicate name', { name: 'Default' }, ErrorCode.RESOURCE_ALREADY_EXISTS],
    ['an empty name', { name: ' ' }, ErrorCode.INVALID_PARAMETER_VALUE],
    ['a bad tag key', { name: 'ok', tags: [{ key: 'a$', value: 'v' }] }, ErrorCode.INVALID_PARAMETER_VALUE],
    [
      'an artifact location that is not a URI',
      { name: 'ok', artifactLocation: 'relative/dir' },
      ErrorCode.INVALID_PARAMETER_VALUE,
    ],
    [
      'an artifact location outside the root',
      { name: 'ok', artifactLocation: 'file:///etc' },
      ErrorCode.INVALID_PARAMETER_VALUE,
    ],
    [
      'an artifact location escaping the root',
      { name: 'ok', artifactLocation: 'file:///artifacts/../etc' },
      ErrorCode.INVALID_PARAMETER_VALUE,
    ],
  ])('refuses %s and creates nothing', async (_name, command, code) => {
    const f = trackingFixture();
    const error = (await f.createExperiment.execute(command).catch((e) => e)) as LlmopsError;
    expect(error.code).toBe(code);
    expect([...f.store.state.experiments.keys()]).toEqual(['0']);
  });
});
