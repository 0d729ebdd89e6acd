import { ErrorCode } from '@llmops/contract';
import { LogBatchHandler } from '../../runs/log-batch/log-batch.handler';
import { trackingFixture } from '../../testing/tracking-fixture';
import { GetMetricHistoryHandler } from './get-metric-history.handler';

describe('GetMetricHistoryHandler', () => {
  it('returns every value of a key by step then timestamp, in pages, ignoring exact repeats', async () => {
    const f = trackingFixture();
    const { runId } = await f.experimentAndRun();
    const metric = (step: number, timestamp: number, value: number) => ({ key: 'loss', value, timestamp, step });
    await new LogBatchHandler(f.store).execute(runId, {
      metrics: [metric(2, 1, 0.2), metric(0, 5, 0.9), metric(1, 3, 0.5), metric(0, 1, 1.0), metric(1, 3, 0.5)],
      params: [],
      tags: [],
    });
    const handler = new GetMetricHistoryHandler(f.store);
    const all = await handler.execute(runId, 'loss');
    expect(all.metrics.map((m) => [m.step, m.timestamp])).toEqual([
      [0, 1],
      [0, 5],
      [1, 3],
      [2, 1],
    ]);
    const first = await handler.execute(runId, 'loss', 3);
    const second = await handler.execute(runId, 'loss', 3, first.nextPageToken);
    expect([...first.metrics, ...second.metrics]).toEqual(all.metrics);
    expect(second.nextPageToken).toBeUndefined();
    expect((await handler.execute(runId, 'other')).metrics).toEqual([]);
  });

  it('refuses unknown runs and tokens of another key', async () => {
    const f = trackingFixture();
    const { runId } = await f.experimentAndRun();
    const handler = new GetMetricHistoryHandler(f.store);
    await expect(handler.execute('a'.repeat(32), 'loss')).rejects.toMatchObject({
      code: ErrorCode.RESOURCE_DOES_NOT_EXIST,
    });
    await new LogBatchHandler(f.store).execute(runId, {
      metrics: [0, 1].map((step) => ({ key: 'loss', value: step, timestamp: 1, step })),
      params: [],
      tags: [],
    });
    const page = await handler.execute(runId, 'loss', 1);
    await expect(handler.execute(runId, 'acc', 1, page.nextPageToken)).rejects.toMatchObject({
      code: ErrorCode.INVALID_PARAMETER_VALUE,
    });
  });
});
