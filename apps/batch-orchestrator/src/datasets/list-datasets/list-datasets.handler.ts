import { Injectable } from '@nestjs/common';
import { BatchDatasetView, ListDatasetsRequest } from '@llmops/contract';
import { BatchAccess, BatchCaller } from '../../access/batch-access';
import { toDatasetView } from '../dataset.view';
import { DatasetRepository } from '../domain/dataset-record';

@Injectable()
export class ListDatasetsHandler {
  constructor(
    private readonly records: DatasetRepository,
    private readonly access: BatchAccess,
  ) {}

  /** Uploaded datasets the caller may read, by name (filtered in the query, before the limit). */
  async execute(request: ListDatasetsRequest, caller?: BatchCaller): Promise<{ datasets: BatchDatasetView[] }> {
    const names = await this.access.readable(caller, 'dataset');
    const records = await this.records.list({ prefix: request.prefix, limit: request.limit ?? 100, names });
    return { datasets: records.map(toDatasetView) };
  }
}
