import { Injectable, Logger } from '@nestjs/common';
import { DeadLetterPartitionRequest, ResourceNotFoundError } from '@llmops/contract';
import { BatchEvents } from '../../events/batch-events';
import { BatchJobRepository } from '../../jobs/domain/batch-job.repository';
import { announce } from '../partition-events';

/** A partition task ran out of deliveries: record it (and its error) as dead-lettered. */
@Injectable()
export class DeadLetterPartitionHandler {
  private readonly logger = new Logger('DeadLetterPartition');

  constructor(
    private readonly jobs: BatchJobRepository,
    private readonly events: BatchEvents,
  ) {}

  async execute(request: DeadLetterPartitionRequest): Promise<{ deadLettered: boolean }> {
    if (!(await this.jobs.get(request.jobId))) {
      throw new ResourceNotFoundError(`Batch job ${request.jobId} does not exist`);
    }
    const outcome = await this.jobs.settlePartition(request.jobId, request.partition, async (partition) => {
      // A partition committed by an earlier delivery stays done.
      if (partition.state !== 'PENDING') return { update: null, result: false };
      return {
        update: {
          state: 'DEAD_LETTERED',
          error: request.error,
          deliveries: Math.max(partition.deliveries, request.deliveries),
          workerId: request.workerId,
          settledAt: new Date(),
        },
        result: true,
      };
    });
    if (outcome.changed) {
      this.logger.warn(`job ${request.jobId} partition ${request.partition} dead-lettered: ${request.error}`);
    }
    await announce(this.events, outcome);
    return { deadLettered: outcome.result };
  }
}
