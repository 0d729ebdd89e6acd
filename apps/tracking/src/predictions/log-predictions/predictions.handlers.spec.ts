import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ErrorCode } from '@llmops/contract';
import { trackingFixture } from '../../testing/tracking-fixture';
import { ExportPredictionsHandler } from '../export-predictions/export-predictions.handler';
import { ListPredictionsHandler } from '../list-predictions/list-predictions.handler';
import { LogPredictionsHandler } from './log-predictions.handler';

const row = (i: number) => ({ inputs: { q: i }, outputs: { a: `answer ${i}` }, latencyMs: i, extra: null });

describe('predictions use cases', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'llmops-preds-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function setup() {
    const f = trackingFixture(pathToFileURL(dir).href);
    const { runId, run } = await f.experimentAndRun();
    return {
      ...f,
      runId,
      run,
      log: new LogPredictionsHandler(f.store, f.clock),
      list: new ListPredictionsHandler(f.store),
      exporter: new ExportPredictionsHandler(f.store, f.artifacts, f.locations),
    };
  }

  it('numbers rows in order across calls and pages them', async () => {
    const t = await setup();
    expect(await t.log.execute(t.runId, [row(0), row(1), row(2)])).toEqual({ firstRowIndex: 0, count: 3 });
    expect(await t.log.execute(t.runId, [row(3), row(4)])).toEqual({ firstRowIndex: 3, count: 2 });
    const first = await t.list.execute(t.runId, 2);
    expect(first.predictions.map((p) => p.rowIndex)).toEqual([0, 1]);
    const second = await t.list.execute(t.runId, 2, first.nextPageToken);
    const third = await t.list.execute(t.runId, 2, second.nextPageToken);
    expect(third.predictions.map((p) => p.rowIndex)).toEqual([4]);
    expect(third.nextPageToken).toBeUndefined();
    expect(third.predictions[0]).toMatchObject({ inputs: { q: 4 }, latencyMs: 4, timestamp: t.clock.time });
  });

  it('refuses more than 1000 rows, a negative latency and missing outputs, writing nothing', async () => {
    const t = await setup();
    await expect(
      t.log.execute(
        t.runId,
        Array.from({ length: 1001 }, (_, i) => row(i)),
      ),
    ).rejects.toMatchObject({
      code: ErrorCode.INVALID_PARAMETER_VALUE,
    });
    await expect(t.log.execute(t.runId, [row(0), { ...row(1), latencyMs: -1 }])).rejects.toMatchObject({
      code: ErrorCode.INVALID_PARAMETER_VALUE,
      message: expect.stringMatching(/rows\[1\]\.latency_ms/),
    });
    await expect(t.log.execute(t.runId, [{ ...row(0), outputs: undefined }])).rejects.toMatchObject({
      code: ErrorCode.INVALID_PARAMETER_VALUE,
    });
    expect(t.store.state.predictions.get(t.runId)).toBeUndefined();
  });

  it('exports the table as JSONL in the run artifacts', async () => {
    const t = await setup();
    await t.log.execute(
      t.runId,
      Array.from({ length: 1000 }, (_, i) => row(i)),
    );
    await t.log.execute(t.runId, [row(1000), row(1001)]);
    const result = await t.exporter.execute(t.runId);
    expect(result.rows).toBe(1002);
    expect(result.artifactPath).toBe('predictions/predictions.jsonl');
    const file = join(dir, t.run.info.experimentId, t.runId, 'artifacts', 'predictions', 'predictions.jsonl');
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1002);
    expect(lines[1001]).toMatchObject({ row_index: 1001, inputs: { q: 1001 }, outputs: { a: 'answer 1001' } });
  });
});
