import { Injectable } from '@nestjs/common';
import { BATCH_TABLE_LIMITS, BatchTableView, DescribeBatchTableRequest } from '@llmops/contract';
import { BatchCaller } from '../../access/batch-access';
import { JobOutputTable } from '../job-output-table';
import { TableReader } from '../table-reader';

@Injectable()
export class DescribeTableHandler {
  constructor(
    private readonly jobs: JobOutputTable,
    private readonly tables: TableReader,
  ) {}

  async execute(request: DescribeBatchTableRequest, caller?: BatchCaller): Promise<BatchTableView> {
    const table = await this.jobs.of(request.jobId, caller);
    const limit = request.limit ?? BATCH_TABLE_LIMITS.defaultVersions;
    const description = await this.tables.describe(table, { limit, before: request.before });
    const oldest = description.versions.at(-1)?.version;
    return {
      jobId: request.jobId,
      table,
      ...description,
      nextBefore: oldest !== undefined && oldest > 0 ? oldest : null,
    };
  }
}
