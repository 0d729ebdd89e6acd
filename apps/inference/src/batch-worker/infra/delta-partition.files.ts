import { BatchAddAction } from '@llmops/contract';
import { DataLocations } from '@llmops/data-locations';
import { DeltaRow, OpenLocalTables } from '@llmops/delta';
import { PartitionFiles } from '../ports/batch-ports';

export class DeltaPartitionFiles extends PartitionFiles {
  /** Each partition's file continues from the log state the previous one read (see `OpenLocalTables`). */
  private readonly open = new OpenLocalTables();

  constructor(private readonly locations: DataLocations) {
    super();
  }

  async write(tableName: string, rows: Record<string, unknown>[], jobId: string): Promise<BatchAddAction> {
    const location = await this.locations.locate('table', this.locations.nameOf('table', tableName));
    // Confined: every file it reads or writes stays inside the table directory, after symlinks.
    const table = await this.open.open(location.path);
    const add = await table.writeDataFile(rows as DeltaRow[], { job_id: jobId });
    return add as unknown as BatchAddAction;
  }
}
