import { ErrorCode } from '@llmops/contract';
import { trackingFixture } from '../../testing/tracking-fixture';
import { LogBatchHandler } from '../log-batch/log-batch.handler';
import { SearchRunsHandler } from './search-runs.handler';

describe('SearchRunsHandler', () => {
  async function setup() {
    const f = trackingFixture();
    const experiment = await f.createExperiment.execute({ name: 's' });
    const batch = new LogBatchHandler(f.store);
    for (const [i, score] of [0.1, 0.5, 0.3].entries()) {
      const run = await f.createRun.execute({ experimentId: experiment.id, runName: `r${i}`, startTime: i });
      await batch.execute(run.info.runId, {
        metrics: [{ key: 'rouge1', value: score, timestamp: 1, step: 0 }],
        params: [{ key: 'model', value: i === 2 ? 'bart' : 't5' }],
        tags: [],
      });
    }
    return { handler: new SearchRunsHandler(f.store), experimentId: experiment.id };
  }

  it('filters, orders and pages with a token bound to the query', async () => {
    const { handler, experimentId } = await setup();
    const query = { experimentIds: [experimentId], orderBy: ['metrics.rouge1 DESC'], maxResults: 2 };
    const first = await handler.execute(query);
    expect(first.runs.map((r) => r.info.runName)).toEqual(['r1', 'r2']);
    expect(first.nextPageToken).toBeDefined();
    const second = await handler.execute({ ...query, pageToken: first.nextPageToken });
    expect(second.runs.map((r) => r.info.runName)).toEqual(['r0']);
    expect(second.nextPageToken).toBeUndefined();

    await expect(
      handler.execute({ ...query, orderBy: ['metrics.rouge1 ASC'], pageToken: first.nextPageToken }),
    ).rejects.toMatchObject({ code: ErrorCode.INVALID_PARAMETER_VALUE });

    const filtered = await handler.execute({
      experimentIds: [experimentId],
      filter: "params.model = 't5' and metrics.rouge1 > 0.2",
    });
    expect(filtered.runs.map((r) => r.info.runName)).toEqual(['r1']);
  });

  it('defaults to start time, newest first', async () => {
    const { handler, experimentId } = await setup();
    expect((await handler.execute({ experimentIds: [experimentId] })).runs.map((r) => r.info.runName)).toEqual([
      'r2',
      'r1',
      'r0',
    ]);
  });

  it('refuses malformed experiment ids and filters', async () => {
    const { handler, experimentId } = await setup();
    await expect(handler.execute({ experimentIds: ['1 OR 1=1'] })).rejects.toMatchObject({
      code: ErrorCode.INVALID_PARAMETER_VALUE,
    });
    await expect(
      handler.execute({ experimentIds: [experimentId], filter: 'metrics.rouge1 ~ 1' }),
    ).rejects.toMatchObject({
      code: ErrorCode.INVALID_PARAMETER_VALUE,
    });
  });

  it('searches only the experiments the caller may read, before paging', async () => {
    const { handler, experimentId } = await setup();
    const hidden = await setup();
    const both = [experimentId, hidden.experimentId];
    // Only visible runs fill a page and count towards its token.
    const first = await handler.execute({ experimentIds: both, maxResults: 2, visibleExperimentIds: [experimentId] });
    expect(first.runs.every((r) => r.info.experimentId === experimentId)).toBe(true);
    expect(first.runs).toHaveLength(2);
    const rest = await handler.execute({
      experimentIds: both,
      maxResults: 2,
      visibleExperimentIds: [experimentId],
      pageToken: first.nextPageToken,
    });
    expect(rest.runs.map((r) => r.info.experimentId)).toEqual([experimentId]);
    expect(rest.nextPageToken).toBeUndefined();
    // Nothing visible: nothing, and no token, whatever matches among hidden runs.
    const none = await handler.execute({
      experimentIds: [hidden.experimentId],
      maxResults: 1,
      visibleExperimentIds: [],
    });
    expect(none).toEqual({ runs: [] });
  });
});
