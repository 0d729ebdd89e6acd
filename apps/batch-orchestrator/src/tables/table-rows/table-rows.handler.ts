import { Injectable } from '@nestjs/common';
import { BATCH_TABLE_LIMITS, BatchTableRowsRequest, BatchTableRowsView } from '@llmops/contract';
import { JobOutputTable } from '../job-output-table';
import { TableReader } from '../table-reader';

@Injectable()
export class TableRowsHandler {
  constructor(
    private readonly jobs: JobOutputTable,
    private readonly tables: TableReader,
  ) {}

  async execute(request: BatchTableRowsRequest): Promise<BatchTableRowsView> {
    const table = await this.jobs.of(request.jobId);
    const rows = await this.tables.rows(table, {
      version: request.version,
      limit: request.limit ?? BATCH_TABLE_LIMITS.defaultSampleRows,
    });
    return { jobId: request.jobId, table, ...rows };
  }
}
