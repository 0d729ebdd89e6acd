import { ErrorCode } from '@llmops/contract';
import { rejectionOf } from '@llmops/messaging';
import { trackingFixture } from '../../testing/tracking-fixture';
import { LogMetricHandler } from './log-metric.handler';

const metric = (key: string, value: number, step = 0) => ({ key, value, timestamp: 1_000 + step, step });

describe('LogMetricHandler (group commit)', () => {
  it('writes the calls of one turn of the event loop together, and those arriving during the write in the next', async () => {
    const f = trackingFixture();
    const { runId } = await f.experimentAndRun();
    const handler = new LogMetricHandler(f.store);
    const before = f.store.transactions;
    const first = Array.from({ length: 50 }, (_, i) => handler.execute(runId, metric(`m${i % 10}`, i, i)));
    // Arrives while the first group is being written: waits for the next one.
    let late: Promise<void> | undefined;
    const transaction = f.store.transaction.bind(f.store);
    jest.spyOn(f.store, 'transaction').mockImplementationOnce((work) => {
      late = handler.execute(runId, metric('late', 1, 99));
      return transaction(work);
    });
    await Promise.all(first);
    await late;
    expect(f.store.transactions - before).toBe(2);
    const run = f.store.state.runs.get(runId)!;
    expect(run.history).toHaveLength(51);
    // The latest of each key is its highest step, as if logged one by one.
    const latest = run.history.filter((m) => m.key === 'm3').sort((a, b) => b.step - a.step)[0];
    expect(latest.value).toBe(43);
  });

  it('groups calls that reach it in separate callbacks of one turn (embedded: a write never yields to the loop)', async () => {
    const f = trackingFixture();
    const { runId } = await f.experimentAndRun();
    const handler = new LogMetricHandler(f.store);
    const before = f.store.transactions;
    // As HTTP requests read from 20 sockets in one poll phase: each its own callback, the
    // microtasks (here the whole in-memory write, as PGlite's) run between them.
    const answers = await new Promise<Array<Promise<void>>>((resolve) => {
      const calls: Array<Promise<void>> = [];
      for (let i = 0; i < 20; i++) {
        setImmediate(() => {
          calls.push(handler.execute(runId, metric(`k${i}`, i)));
          if (calls.length === 20) resolve(calls);
        });
      }
    });
    await Promise.all(answers);
    expect(f.store.transactions - before).toBe(1);
    expect(f.store.state.runs.get(runId)!.history).toHaveLength(20);
  });

  it("refuses a bad metric alone, and the run's refusal to everyone waiting on it", async () => {
    const f = trackingFixture();
    const { runId } = await f.experimentAndRun();
    const handler = new LogMetricHandler(f.store);
    const answers = await Promise.allSettled([
      handler.execute(runId, metric('ok', 1)),
      handler.execute(runId, metric('', 2)),
      handler.execute(runId, metric('ok2', 3)),
    ]);
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const missing = 'f'.repeat(32);
    const refusals = await Promise.all([1, 2, 3].map((v) => rejectionOf(handler.execute(missing, metric('x', v)))));
    expect(refusals.map((r) => r.code)).toEqual([
      ErrorCode.RESOURCE_DOES_NOT_EXIST,
      ErrorCode.RESOURCE_DOES_NOT_EXIST,
      ErrorCode.RESOURCE_DOES_NOT_EXIST,
    ]);
  });

  it('retries a group one by one when its transaction fails for another reason', async () => {
    const f = trackingFixture();
    const { runId } = await f.experimentAndRun();
    const handler = new LogMetricHandler(f.store);
    const transaction = f.store.transaction.bind(f.store);
    let calls = 0;
    // The first transaction (the group of three) fails as a database fault would.
    jest
      .spyOn(f.store, 'transaction')
      .mockImplementation((work) =>
        ++calls === 1 ? Promise.reject(new Error('connection reset')) : transaction(work),
      );
    await Promise.all([1, 2, 3].map((v) => handler.execute(runId, metric(`k${v}`, v))));
    expect(calls).toBe(4);
    expect(
      f.store.state.runs
        .get(runId)!
        .history.map((m) => m.key)
        .sort(),
    ).toEqual(['k1', 'k2', 'k3']);
  });

  it("answers each call of a failed group with its own outcome: one metric's fault fails it alone, nothing of it is kept", async () => {
    const f = trackingFixture();
    const { runId } = await f.experimentAndRun();
    const handler = new LogMetricHandler(f.store);
    const transaction = f.store.transaction.bind(f.store);
    // Any transaction holding k2 fails as the database would refuse it (not a refusal of the run).
    jest.spyOn(f.store, 'transaction').mockImplementation((work) =>
      transaction(async (repos) => {
        const insertMetrics = repos.runs.insertMetrics.bind(repos.runs);
        repos.runs.insertMetrics = async (id, metrics) => {
          if (metrics.some((m) => m.key === 'k2')) throw new Error('value out of range');
          return insertMetrics(id, metrics);
        };
        return work(repos);
      }),
    );
    const answers = await Promise.allSettled([1, 2, 3].map((v) => handler.execute(runId, metric(`k${v}`, v))));
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((answers[1] as PromiseRejectedResult).reason.message).toBe('value out of range');
    expect(
      f.store.state.runs
        .get(runId)!
        .history.map((m) => m.key)
        .sort(),
    ).toEqual(['k1', 'k3']);
  });
});
