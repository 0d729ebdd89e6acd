import { ErrorCode } from '@llmops/contract';
import { DeleteExperimentHandler } from '../../experiments/delete-experiment/delete-experiment.handler';
import { trackingFixture } from '../../testing/tracking-fixture';

describe('CreateRunHandler', () => {
  it('creates a RUNNING run with a 32-hex id under the experiment location', async () => {
    const f = trackingFixture('file:///a');
    const experiment = await f.createExperiment.execute({ name: 'e' });
    const run = await f.createRun.execute({
      experimentId: experiment.id,
      runName: 'baseline',
      userId: 'bob',
      tags: [{ key: 'stage', value: 'dev' }],
    });
    expect(run.info.runId).toMatch(/^[0-9a-f]{32}$/);
    expect(run.info).toMatchObject({
      experimentId: experiment.id,
      runName: 'baseline',
      userId: 'bob',
      status: 'RUNNING',
      startTime: f.clock.time,
      endTime: null,
      artifactUri: `mlflow-artifacts:/${experiment.id}/${run.info.runId}/artifacts`,
      lifecycleStage: 'active',
    });
    expect(f.locations.storageUri(run.info.artifactUri)).toBe(`file:///a/${experiment.id}/${run.info.runId}/artifacts`);
    expect(run.tags).toEqual([
      { key: 'stage', value: 'dev' },
      { key: 'mlflow.runName', value: 'baseline' },
    ]);
  });

  it('records the authenticated caller as user_id and mlflow.user, whatever the client sent', async () => {
    const f = trackingFixture();
    const run = await f.createRun.execute({
      experimentId: '0',
      userId: 'alice',
      authenticatedUser: 'mallory',
      tags: [
        { key: 'mlflow.user', value: 'alice' },
        { key: 'note', value: 'x' },
      ],
    });
    expect(run.info.userId).toBe('mallory');
    expect(run.tags.filter((t) => t.key === 'mlflow.user')).toEqual([{ key: 'mlflow.user', value: 'mallory' }]);
    // Without authentication (auth off) the client's claim is all there is.
    const local = await f.createRun.execute({ experimentId: '0', tags: [{ key: 'mlflow.user', value: 'ana' }] });
    expect(local.info.userId).toBe('ana');
  });

  it('takes the name from the mlflow.runName tag, or makes one up', async () => {
    const f = trackingFixture();
    const named = await f.createRun.execute({
      experimentId: '0',
      tags: [{ key: 'mlflow.runName', value: 'from-tag' }],
    });
    expect(named.info.runName).toBe('from-tag');
    const random = await f.createRun.execute({ experimentId: '0' });
    expect(random.info.runName).toMatch(/^[a-z]+-[a-z]+-\d+$/);
  });

  it('refuses a run_name that contradicts the mlflow.runName tag', async () => {
    const f = trackingFixture();
    await expect(
      f.createRun.execute({ experimentId: '0', runName: 'a', tags: [{ key: 'mlflow.runName', value: 'b' }] }),
    ).rejects.toMatchObject({ code: ErrorCode.INVALID_PARAMETER_VALUE });
    expect(f.store.state.runs.size).toBe(0);
  });

  it('refuses a run name over 250 and a user over 256 characters', async () => {
    const f = trackingFixture();
    await expect(f.createRun.execute({ experimentId: '0', runName: 'n'.repeat(251) })).rejects.toMatchObject({
      code: ErrorCode.INVALID_PARAMETER_VALUE,
      message: expect.stringMatching(/run_name/),
    });
    await expect(f.createRun.execute({ experimentId: '0', userId: 'u'.repeat(257) })).rejects.toMatchObject({
      code: ErrorCode.INVALID_PARAMETER_VALUE,
      message: expect.stringMatching(/user_id/),
    });
    expect(f.store.state.runs.size).toBe(0);
  });

  it('refuses unknown and deleted experiments', async () => {
    const f = trackingFixture();
    await expect(f.createRun.execute({ experimentId: '99' })).rejects.toMatchObject({
      code: ErrorCode.RESOURCE_DOES_NOT_EXIST,
    });
    const e = await f.createExperiment.execute({ name: 'gone' });
    await new DeleteExperimentHandler(f.store, f.clock).delete(e.id);
    await expect(f.createRun.execute({ experimentId: e.id })).rejects.toMatchObject({
      code: ErrorCode.INVALID_PARAMETER_VALUE,
      message: expect.stringMatching(/must be in the 'active' state/),
    });
    expect(f.store.state.runs.size).toBe(0);
  });
});
