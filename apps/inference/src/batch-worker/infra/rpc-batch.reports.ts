import {
  CompletePartitionRequest,
  CompletePartitionResponse,
  DeadLetterPartitionRequest,
  SUBJECTS,
} from '@llmops/contract';
import { RpcClient } from '@llmops/messaging';
import { BatchReports } from '../ports/batch-ports';

export class RpcBatchReports extends BatchReports {
  constructor(
    private readonly rpc: RpcClient,
    private readonly timeoutMs = 20_000,
  ) {
    super();
  }

  complete(report: CompletePartitionRequest): Promise<CompletePartitionResponse> {
    return this.rpc.request(SUBJECTS.batch.partitions.complete, report, { timeoutMs: this.timeoutMs });
  }

  deadLetter(report: DeadLetterPartitionRequest): Promise<{ deadLettered: boolean }> {
    return this.rpc.request(SUBJECTS.batch.partitions.deadLetter, report, { timeoutMs: this.timeoutMs });
  }
}
