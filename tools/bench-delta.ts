/**
 * Delta log benchmark: commit time per append, and snapshot (log replay) time for a table of
 * N commits with checkpoints vs a full replay of every commit file.
 *
 *   node tools/run.js tools/bench-delta.ts [commits=1000] [rowsPerAppend=10]
 */
import 'reflect-metadata'; // @llmops/contract's DTOs use decorator metadata
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DeltaTable, SUMMARIES_TABLE, SummaryRow } from '@llmops/delta';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function describe(label: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return `${label}: min ${sorted[0].toFixed(1)} ms, mean ${mean.toFixed(1)} ms, p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms (n=${samples.length})`;
}

async function timeIt<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value];
}

async function main(): Promise<void> {
  const commits = Number(process.argv[2] ?? 1000);
  const rowsPerAppend = Number(process.argv[3] ?? 10);
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-delta-'));
  try {
    const table = await DeltaTable.create(dir, SUMMARIES_TABLE);
    const appendTimes: number[] = [];
    for (let c = 0; c < commits; c++) {
      const rows: SummaryRow[] = Array.from({ length: rowsPerAppend }, (_, r) => ({
        job_id: `job-${c % 4}`,
        partition_id: c,
        row_index: r,
        article_id: `article-${c}-${r}`,
        summary: `A short summary of article ${c}-${r}.`,
        model_uri: 'models:/news-summarizer/Production',
        model_version: '3',
        latency_ms: 1800 + r,
        input_chars: 2400,
        ok: true,
        error: null,
        worker_id: 'bench',
        created_at: new Date(),
      }));
      const [ms] = await timeIt(() => table.append(rows, { txn: { appId: `bench/${c}`, version: 0 } }));
      appendTimes.push(ms);
    }
    const last = await table.snapshot();
    console.log(
      `table: ${commits} appends of ${rowsPerAppend} rows, latest version ${last.version}, ${last.files.length} files`,
    );
    console.log(describe('append (write Parquet + commit, checkpoint every 10)', appendTimes));
    console.log(describe('  first 100 appends', appendTimes.slice(0, 100)));
    console.log(describe('  last 100 appends', appendTimes.slice(-100)));

    const runs = 10;
    const withCheckpoint: number[] = [];
    const withCheckpointPlus9: number[] = [];
    const fullReplay: number[] = [];
    for (let i = 0; i < runs; i++) {
      // A new reader (fresh instance, nothing cached): _last_checkpoint -> checkpoint -> later commits.
      const [a, s1] = await timeIt(async () => (await DeltaTable.open(dir)).snapshot());
      withCheckpoint.push(a);
      const [b, s2] = await timeIt(() => table.snapshot(last.version - 1));
      withCheckpointPlus9.push(b);
      const [c, s3] = await timeIt(() => table.snapshotFromFullReplay());
      fullReplay.push(c);
      if (i === 0) {
        console.log(
          `replay sources: latest from checkpoint ${s1.checkpointVersion} + ${s1.commitsReplayed} commits; ` +
            `version ${s2.version} from checkpoint ${s2.checkpointVersion} + ${s2.commitsReplayed} commits; ` +
            `full replay of ${s3.commitsReplayed} commits`,
        );
        if (s1.files.length !== s3.files.length) throw new Error('checkpoint and full replay disagree');
      }
    }
    console.log(describe(`new reader, latest of ${last.version} commits, with checkpoints`, withCheckpoint));
    console.log(describe(`time travel to ${last.version - 1}: checkpoint + 9 commits`, withCheckpointPlus9));
    console.log(describe(`snapshot of ${last.version} commits, full replay (no checkpoint)`, fullReplay));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
