import { BatchAddAction } from '@llmops/contract';
import { DataLocations } from '@llmops/data-locations';
import { DeltaRow, DeltaTable, LocalTableStorage } from '@llmops/delta';
import { PartitionFiles } from '../ports/batch-ports';

export class DeltaPartitionFiles extends PartitionFiles {
  constructor(private readonly locations: DataLocations) {
    super();
  }

  async write(tableName: string, rows: Record<string, unknown>[], jobId: string): Promise<BatchAddAction> {
    const location = await this.locations.locate('table', this.locations.nameOf('table', tableName));
    // Confined: every file it reads or writes stays inside the table directory, after symlinks.
    const storage = new LocalTableStorage(location.path, { confined: true });
    const table = await DeltaTable.open(storage.uri, { storage });
    const add = await table.writeDataFile(rows as DeltaRow[], { job_id: jobId });
    return add as unknown as BatchAddAction;
  }
}
