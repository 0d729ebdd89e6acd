import { Injectable } from '@nestjs/common';
import { ResourceNotFoundError } from '@llmops/contract';
import { DataLocations } from '@llmops/data-locations';
import { BatchAccess, BatchCaller, jobVisible } from '../access/batch-access';
import { BatchJobRepository } from '../jobs/domain/batch-job.repository';

/**
 * The table a job wrote, for a caller who may read it: tables are reached through their jobs (no
 * caller names a path), the job must be one the caller may see (else it "does not exist", as for
 * `jobs.get`), and the table needs READ, as `tables.get` asks.
 */
@Injectable()
export class JobOutputTable {
  constructor(
    private readonly jobs: BatchJobRepository,
    private readonly access: BatchAccess,
    private readonly locations: DataLocations,
  ) {}

  /** The table's canonical name under the table roots. */
  async of(jobId: string, caller: BatchCaller): Promise<string> {
    const job = await this.jobs.get(jobId);
    if (!job || !jobVisible(await this.access.jobScope(caller), job)) {
      throw new ResourceNotFoundError(`Batch job ${jobId} does not exist (or is not visible to you)`);
    }
    // Jobs recorded before tables had names hold an absolute path: still only one under a root.
    const name = this.locations.nameOf('table', job.outputTable);
    await this.access.require(caller, 'table', name, 'READ');
    return name;
  }
}
