/**
 * A separate writer process for the multi-process race test:
 *   node tools/run.js libs/delta/src/testing/append-worker.ts <tableDir> <workerId> <appends>
 * Prints one JSON line per append result.
 */
import 'reflect-metadata'; // @llmops/contract's DTOs use decorator metadata
import { DeltaTable } from '../table/delta-table';

async function main(): Promise<void> {
  const [dir, workerId, appends] = process.argv.slice(2);
  const table = await DeltaTable.open(dir);
  for (let i = 0; i < Number(appends); i++) {
    const result = await table.append([{ id: Number(workerId) * 1000 + i, name: `worker-${workerId}` }], {
      txn: { appId: `worker-${workerId}/${i}`, version: 0 },
    });
    process.stdout.write(JSON.stringify(result.status === 'committed' ? { version: result.version } : result) + '\n');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
