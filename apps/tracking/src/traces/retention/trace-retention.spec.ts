import { InMemoryTraceRepository } from '../../testing/in-memory-trace.repository';
import { Clock } from '../../shared/clock';
import { TraceInfo } from '../domain/trace';
import { TraceRetention } from './trace-retention';

const DAY = 86_400_000;
const NOW = 1_800_000_000_000;

function info(traceId: string, requestTime: number, experimentId = '0'): TraceInfo {
  return {
    traceId,
    experimentId,
    requestTime,
    executionDuration: 1,
    state: 'OK',
    clientRequestId: null,
    requestPreview: null,
    responsePreview: null,
    tags: {},
    metadata: {},
  };
}

class FixedClock extends Clock {
  now(): number {
    return NOW;
  }
}

describe('TraceRetention', () => {
  async function storeWith(...infos: TraceInfo[]) {
    const repo = new InMemoryTraceRepository();
    for (const i of infos) await repo.upsertInfo(i);
    return repo;
  }

  it('deletes traces older than the age limit, in every experiment, and keeps the rest', async () => {
    const repo = await storeWith(
      info('tr-old', NOW - 31 * DAY),
      info('tr-old-7', NOW - 40 * DAY, '7'),
      info('tr-new', NOW - DAY),
    );
    const retention = new TraceRetention(repo, new FixedClock(), { maxAgeDays: 30, maxTraces: 0, intervalMs: 1000 });
    expect(await retention.applyLimits()).toBe(2);
    expect([...repo.infos.keys()]).toEqual(['tr-new']);
  });

  it('keeps only the newest traces beyond the count limit', async () => {
    const repo = await storeWith(...[1, 2, 3, 4, 5].map((i) => info(`tr-${i}`, NOW - i * 1000)));
    const retention = new TraceRetention(repo, new FixedClock(), { maxAgeDays: 0, maxTraces: 2, intervalMs: 1000 });
    expect(await retention.applyLimits()).toBe(3);
    expect([...repo.infos.keys()].sort()).toEqual(['tr-1', 'tr-2']);
  });

  it('does nothing with both limits off, and survives a failing store', async () => {
    const repo = await storeWith(info('tr-ancient', 0));
    const off = new TraceRetention(repo, new FixedClock(), { maxAgeDays: 0, maxTraces: 0, intervalMs: 1000 });
    off.onApplicationBootstrap();
    await off.onApplicationShutdown();
    expect(repo.infos.size).toBe(1);
    repo.prune = async () => Promise.reject(new Error('database gone'));
    const failing = new TraceRetention(repo, new FixedClock(), { maxAgeDays: 1, maxTraces: 0, intervalMs: 1000 });
    expect(await failing.applyLimits()).toBe(0);
  });
});
