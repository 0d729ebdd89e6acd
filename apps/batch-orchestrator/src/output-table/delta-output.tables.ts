import {
  BATCH_OUTPUT_PARTITION_COLUMNS,
  batchOutputColumns,
  InvalidParameterError,
  partitionTxnAppId,
} from '@llmops/contract';
import { AddAction, DeltaTable } from '@llmops/delta';
import { OutputTables, PartitionCommit, PartitionCommitResult } from './output-tables';

export class DeltaOutputTables extends OutputTables {
  async prepare(tableUri: string, keepColumns: readonly string[]): Promise<void> {
    const columns = batchOutputColumns(keepColumns);
    const table = await DeltaTable.openOrCreate(tableUri, {
      columns,
      partitionColumns: BATCH_OUTPUT_PARTITION_COLUMNS,
      name: 'batch_summaries',
      description: 'Production batch inference output: one summary per input row, with lineage',
    });
    const snapshot = await table.snapshot();
    const have = snapshot.columns.map((c) => `${c.name}:${c.type}`).join(',');
    const want = columns.map((c) => `${c.name}:${c.type}`).join(',');
    if (have !== want || snapshot.partitionColumns.join(',') !== BATCH_OUTPUT_PARTITION_COLUMNS.join(',')) {
      throw new InvalidParameterError(
        `output table ${tableUri} exists with another schema (${have}); this job writes (${want})`,
      );
    }
  }

  async commitPartition(commit: PartitionCommit): Promise<PartitionCommitResult> {
    const table = await DeltaTable.open(commit.tableUri);
    const result = await table.commitAdds(commit.add ? [commit.add as unknown as AddAction] : [], {
      txn: { appId: partitionTxnAppId(commit.jobId, commit.partition), version: 0 },
      operationParameters: { batchJobId: commit.jobId, partition: String(commit.partition) },
    });
    return result.status === 'committed'
      ? { committed: true, version: result.version }
      : { committed: false, version: null };
  }
}
