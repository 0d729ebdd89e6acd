import { Injectable, Logger } from '@nestjs/common';
import { InvalidStateError } from '@llmops/contract';
import { DataLocations } from '@llmops/data-locations';
import { BatchAccess, BatchCaller } from '../../access/batch-access';
import { BatchJobRepository } from '../../jobs/domain/batch-job.repository';
import { DatasetRepository } from '../domain/dataset-record';

@Injectable()
export class DeleteDatasetHandler {
  private readonly logger = new Logger('DeleteDataset');

  constructor(
    private readonly locations: DataLocations,
    private readonly records: DatasetRepository,
    private readonly jobs: BatchJobRepository,
    private readonly access: BatchAccess,
  ) {}

  /** Needs MANAGE; refused while a running job reads it (its partitions would change under it). */
  async execute(value: string, caller?: BatchCaller): Promise<void> {
    const name = this.locations.nameOf('dataset', value);
    await this.access.require(caller, 'dataset', name, 'MANAGE');
    if (await this.jobs.anyRunningReads(name)) {
      throw new InvalidStateError(`dataset ${name} is being read by a running batch job; delete it once that ends`);
    }
    await this.locations.removeDataset(name);
    await this.records.delete(name);
    await this.access
      .revokeAll('dataset', name)
      .catch((e: Error) => this.logger.warn(`revoking grants on deleted dataset ${name}: ${e.message}`));
  }
}
