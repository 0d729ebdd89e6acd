import { Injectable, Logger } from '@nestjs/common';
import {
  CompletePartitionRequest,
  CompletePartitionResponse,
  InvalidParameterError,
  ResourceNotFoundError,
} from '@llmops/contract';
import { BatchEvents } from '../../events/batch-events';
import { BatchJobRepository } from '../../jobs/domain/batch-job.repository';
import { OutputTables } from '../../output-table/output-tables';
import { announce } from '../partition-events';

/**
 * A worker wrote a partition's data file: commit it to the Delta table with the partition's txn
 * id and record the partition done, under the partition's row lock. A duplicate or retried report
 * finds the partition done (or the txn already in the table) and changes nothing.
 */
@Injectable()
export class CompletePartitionHandler {
  private readonly logger = new Logger('CompletePartition');

  constructor(
    private readonly jobs: BatchJobRepository,
    private readonly tables: OutputTables,
    private readonly events: BatchEvents,
  ) {}

  async execute(request: CompletePartitionRequest): Promise<CompletePartitionResponse> {
    const add = request.add ?? null;
    const partitionValues = (add?.partitionValues ?? {}) as Record<string, unknown>;
    if (add && partitionValues.job_id !== request.jobId) {
      throw new InvalidParameterError(`the data file of partition ${request.partition} belongs to another job`);
    }
    if (!add && request.rowsWritten > 0) {
      throw new InvalidParameterError('rowsWritten > 0 needs the add action of the data file');
    }
    if (!(await this.jobs.get(request.jobId))) {
      throw new ResourceNotFoundError(`Batch job ${request.jobId} does not exist`);
    }
    const outcome = await this.jobs.settlePartition(request.jobId, request.partition, async (partition, job) => {
      if (partition.state === 'DONE') {
        return { update: null, result: { committed: false, tableVersion: partition.tableVersion } };
      }
      const rows = partition.endRow - partition.startRow;
      if (request.rowsWritten + request.failedRows.length !== rows) {
        throw new InvalidParameterError(
          `partition ${partition.partition} has ${rows} rows; the report accounts for ` +
            `${request.rowsWritten} written + ${request.failedRows.length} failed`,
        );
      }
      const started = performance.now();
      const commit = await this.tables.commitPartition({
        tableName: job.outputTable,
        add,
        jobId: job.id,
        partition: partition.partition,
      });
      return {
        update: {
          state: 'DONE',
          rowsWritten: request.rowsWritten,
          failedRows: request.failedRows.map((r) => ({ id: r.id, error: r.error })),
          deliveries: Math.max(partition.deliveries, request.deliveries),
          tableVersion: commit.version,
          error: null,
          workerId: request.workerId,
          summarizeMs: request.summarizeMs,
          commitMs: performance.now() - started,
          settledAt: new Date(),
        },
        result: { committed: commit.committed, tableVersion: commit.version },
      };
    });
    if (outcome.jobFinished) this.logger.log(`job ${outcome.job.id} finished: ${outcome.job.state}`);
    await announce(this.events, outcome);
    return outcome.result;
  }
}
