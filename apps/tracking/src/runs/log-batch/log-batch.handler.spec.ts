import { ErrorCode } from '@llmops/contract';
import { trackingFixture } from '../../testing/tracking-fixture';
import { DeleteRunHandler } from '../delete-run/delete-run.handler';
import { GetRunHandler } from '../get-run/get-run.handler';
import { LogParamHandler } from '../log-param/log-param.handler';
import { RunTagsHandler } from '../run-tags/run-tags.handler';
import { LogBatchHandler } from './log-batch.handler';

const none = { metrics: [], params: [], tags: [] };

describe('LogBatchHandler', () => {
  async function setup() {
    const f = trackingFixture();
    const { runId } = await f.experimentAndRun();
    return {
      ...f,
      runId,
      batch: new LogBatchHandler(f.store),
      logParam: new LogParamHandler(f.store),
      get: new GetRunHandler(f.store),
    };
  }

  it('writes metrics, params and tags, and shows the latest metric by step, then timestamp', async () => {
    const t = await setup();
    await t.batch.execute(t.runId, {
      metrics: [
        { key: 'loss', value: 0.9, timestamp: 10, step: 0 },
        { key: 'loss', value: 0.5, timestamp: 5, step: 2 },
        { key: 'loss', value: 0.7, timestamp: 20, step: 1 },
        { key: 'nan', value: NaN, timestamp: 1, step: 0 },
      ],
      params: [{ key: 'model', value: 't5' }],
      tags: [{ key: 'stage', value: 'dev' }],
    });
    const run = await t.get.execute(t.runId);
    expect(run.latestMetrics).toEqual([
      { key: 'loss', value: 0.5, timestamp: 5, step: 2 },
      { key: 'nan', value: NaN, timestamp: 1, step: 0 },
    ]);
    expect(run.params).toEqual([{ key: 'model', value: 't5' }]);
    expect(run.tags).toContainEqual({ key: 'stage', value: 'dev' });
  });

  it('renames the run when the mlflow.runName tag is set', async () => {
    const t = await setup();
    await new RunTagsHandler(t.store).set(t.runId, 'mlflow.runName', 'renamed');
    expect((await t.get.execute(t.runId)).info.runName).toBe('renamed');
  });

  it('is all or nothing: a changed param refuses the whole batch', async () => {
    const t = await setup();
    await t.logParam.execute(t.runId, 'lr', '0.1');
    await t.logParam.execute(t.runId, 'lr', '0.1');
    const before = t.store.snapshot();
    const error = await t.batch
      .execute(t.runId, {
        metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }],
        params: [
          { key: 'new', value: 'x' },
          { key: 'lr', value: '0.2' },
        ],
        tags: [{ key: 't', value: 'v' }],
      })
      .catch((e) => e);
    expect(error.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    expect(error.message).toMatch(/Changing param values is not allowed/);
    expect(t.store.state).toEqual(before);
  });

  it.each([
    [
      'over 1000 metrics',
      { ...none, metrics: Array.from({ length: 1001 }, (_, i) => ({ key: 'm', value: i, timestamp: 1, step: i })) },
      /1000 metrics/,
    ],
    [
      'over 100 params',
      { ...none, params: Array.from({ length: 101 }, (_, i) => ({ key: `p${i}`, value: 'v' })) },
      /100 params/,
    ],
    [
      'over 100 tags',
      { ...none, tags: Array.from({ length: 101 }, (_, i) => ({ key: `t${i}`, value: 'v' })) },
      /100 tags/,
    ],
    ['a bad metric key', { ...none, metrics: [{ key: 'a b$', value: 1, timestamp: 1, step: 0 }] }, /metrics\[0\] key/],
    ['a param value over 6000', { ...none, params: [{ key: 'p', value: 'x'.repeat(6001) }] }, /params\[0\] 'p' value/],
    ['a tag value over 8000', { ...none, tags: [{ key: 't', value: 'x'.repeat(8001) }] }, /tags\[0\] 't' value/],
    [
      'one key twice with different values',
      {
        ...none,
        params: [
          { key: 'p', value: 'a' },
          { key: 'p', value: 'b' },
        ],
      },
      /Duplicate parameter keys/,
    ],
  ])('refuses %s before touching the store', async (_name, entries, message) => {
    const t = await setup();
    const transactions = t.store.transactions;
    const before = t.store.snapshot();
    await expect(t.batch.execute(t.runId, entries)).rejects.toMatchObject({
      code: ErrorCode.INVALID_PARAMETER_VALUE,
      message: expect.stringMatching(message),
    });
    expect(t.store.transactions).toBe(transactions);
    expect(t.store.state).toEqual(before);
  });

  it('refuses writes to a deleted run and unknown runs', async () => {
    const t = await setup();
    await new DeleteRunHandler(t.store, t.clock).delete(t.runId);
    await expect(t.batch.execute(t.runId, { ...none, tags: [{ key: 'a', value: 'b' }] })).rejects.toMatchObject({
      code: ErrorCode.INVALID_PARAMETER_VALUE,
      message: expect.stringMatching(/must be in the 'active' state/),
    });
    await expect(t.batch.execute('0'.repeat(32), none)).rejects.toMatchObject({
      code: ErrorCode.RESOURCE_DOES_NOT_EXIST,
    });
  });
});
