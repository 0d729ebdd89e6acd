import { Injectable } from '@nestjs/common';
import { BATCH_TABLE_LIMITS, BatchTableRowsRequest, BatchTableRowsView } from '@llmops/contract';
import { BatchCaller } from '../../access/batch-access';
import { JobOutputTable } from '../job-output-table';
import { TableReader } from '../table-reader';

@Injectable()
export class TableRowsHandler {
  constructor(
    private readonly jobs: JobOutputTable,
    private readonly tables: TableReader,
  ) {}

  async execute(request: BatchTableRowsRequest, caller?: BatchCaller): Promise<BatchTableRowsView> {
    const table = await this.jobs.of(request.jobId, caller);
    const rows = await this.tables.rows(table, {
      version: request.version,
      limit: request.limit ?? BATCH_TABLE_LIMITS.defaultSampleRows,
    });
    return { jobId: request.jobId, table, ...rows };
  }
}
