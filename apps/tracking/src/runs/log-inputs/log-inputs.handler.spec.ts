import { ErrorCode } from '@llmops/contract';
import { trackingFixture } from '../../testing/tracking-fixture';
import { DatasetInput } from '../domain/run';
import { GetRunHandler } from '../get-run/get-run.handler';
import { LogInputsHandler } from './log-inputs.handler';

const input = (over: Partial<DatasetInput['dataset']> = {}, context = 'training'): DatasetInput => ({
  tags: [{ key: 'mlflow.data.context', value: context }],
  dataset: {
    name: 'news',
    digest: 'abc',
    sourceType: 'local',
    source: '{"uri":"file:///d"}',
    schema: null,
    profile: '{"num_rows": 3}',
    ...over,
  },
});

describe('LogInputsHandler', () => {
  it('records datasets with their context once per name and digest', async () => {
    const f = trackingFixture();
    const { runId } = await f.experimentAndRun();
    const handler = new LogInputsHandler(f.store);
    await handler.execute(runId, [input(), input({ name: 'held-out', digest: 'def' }, 'evaluation')]);
    await handler.execute(runId, [input()]);
    const run = await new GetRunHandler(f.store).execute(runId);
    expect(run.inputs.map((i) => [i.dataset.name, i.tags[0].value])).toEqual([
      ['news', 'training'],
      ['held-out', 'evaluation'],
    ]);
  });

  it.each([
    ['a digest over 36 characters', input({ digest: 'd'.repeat(37) }), /dataset\.digest/],
    ['a name over 500 characters', input({ name: 'n'.repeat(501) }), /dataset\.name/],
    ['a bad tag key', { ...input(), tags: [{ key: 'bad key!', value: 'x' }] }, /tags\[0\]\.key/],
  ])('refuses %s and records nothing', async (_name, bad, message) => {
    const f = trackingFixture();
    const { runId } = await f.experimentAndRun();
    await expect(new LogInputsHandler(f.store).execute(runId, [input(), bad])).rejects.toMatchObject({
      code: ErrorCode.INVALID_PARAMETER_VALUE,
      message: expect.stringMatching(message),
    });
    expect(f.store.state.runs.get(runId)?.inputs).toEqual([]);
  });
});
