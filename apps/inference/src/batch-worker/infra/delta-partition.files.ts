import { BatchAddAction } from '@llmops/contract';
import { DeltaRow, DeltaTable } from '@llmops/delta';
import { PartitionFiles } from '../ports/batch-ports';

export class DeltaPartitionFiles extends PartitionFiles {
  async write(tableUri: string, rows: Record<string, unknown>[], jobId: string): Promise<BatchAddAction> {
    const table = await DeltaTable.open(tableUri);
    const add = await table.writeDataFile(rows as DeltaRow[], { job_id: jobId });
    return add as unknown as BatchAddAction;
  }
}
