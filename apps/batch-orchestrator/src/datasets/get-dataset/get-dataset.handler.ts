import { Injectable } from '@nestjs/common';
import { BatchDatasetView } from '@llmops/contract';
import { DataLocations } from '@llmops/data-locations';
import { formatOf } from '@llmops/pipeline';
import { BatchAccess, BatchCaller } from '../../access/batch-access';
import { toDatasetView } from '../dataset.view';
import { DatasetRepository } from '../domain/dataset-record';

@Injectable()
export class GetDatasetHandler {
  constructor(
    private readonly locations: DataLocations,
    private readonly records: DatasetRepository,
    private readonly access: BatchAccess,
  ) {}

  /** An upload's record, or what the disk says of a file an operator placed (permission first). */
  async execute(value: string, caller?: BatchCaller): Promise<BatchDatasetView> {
    const name = this.locations.nameOf('dataset', value);
    await this.access.require(caller, 'dataset', name, 'READ');
    const record = await this.records.get(name);
    if (record) return toDatasetView(record);
    const opened = await this.locations.openDataset(name);
    await opened.close();
    return {
      name,
      format: formatOf(name),
      sizeBytes: opened.size,
      sha256: null,
      rows: null,
      columns: [],
      createdBy: null,
      createdAt: null,
    };
  }
}
