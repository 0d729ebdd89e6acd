import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TrackingModule } from '../../tracking.module';
import { TraceRepository } from '../domain/trace.repository';
import { IngestOtlpHandler } from '../ingest-otlp/ingest-otlp.handler';
import { TraceRetention } from './trace-retention';

/*
 * The retention's SQL against the embedded database (PGlite: PostgreSQL's engine; its own database,
 * since retention spans every experiment): age first, then the count limit, spans going with their
 * trace.
 */
describe('trace retention on the real store (PGlite)', () => {
  let dir: string;
  let app: INestApplicationContext;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'llmops-trace-retention-'));
    app = await NestFactory.createApplicationContext(
      TrackingModule.forRoot({
        databaseUrl: `pglite://${join(dir, 'db')}`,
        artifactRoot: pathToFileURL(join(dir, 'artifacts')).href,
        traceRetention: { maxAgeDays: 30, maxTraces: 2, intervalMs: 3_600_000 },
      }),
      { logger: false },
    );
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('deletes traces past the age limit, then the oldest beyond the count, with their spans', async () => {
    const day = 86_400_000;
    const now = Date.now();
    const trace = (n: number, startMs: number) => ({
      traceId: n.toString(16).padStart(32, '0'),
      spanId: n.toString(16).padStart(16, '0'),
      name: `t${n}`,
      startTimeUnixNano: `${startMs}000000`,
      endTimeUnixNano: `${startMs + 10}000000`,
    });
    const spans = [trace(1, now - 40 * day), trace(2, now - 3000), trace(3, now - 2000), trace(4, now - 1000)];
    await app.get(IngestOtlpHandler).execute({ resourceSpans: [{ scopeSpans: [{ spans }] }] });
    expect(await app.get(TraceRetention).applyLimits()).toBe(2);
    const repo = app.get(TraceRepository);
    const id = (n: number) => `tr-${spans[n].traceId}`;
    const left = await repo.findInfos([0, 1, 2, 3].map(id));
    expect(left.map((i) => i.traceId).sort()).toEqual([id(2), id(3)].sort());
    expect(await repo.spansOf([id(0), id(1)])).toEqual([]);
    expect(await repo.spansOf([id(2)])).toHaveLength(1);
  });
});
