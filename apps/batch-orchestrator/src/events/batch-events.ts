import { BatchJobEvent, BatchPartitionEvent, SUBJECTS } from '@llmops/contract';
import { RpcClient } from '@llmops/messaging';

/** Progress events, to every subscriber (the gateway's SSE stream, dashboards). */
export abstract class BatchEvents {
  abstract partitionSettled(event: BatchPartitionEvent): Promise<void>;
  abstract jobFinished(event: BatchJobEvent): Promise<void>;
}

export class RpcBatchEvents extends BatchEvents {
  constructor(private readonly rpc: RpcClient) {
    super();
  }

  async partitionSettled(event: BatchPartitionEvent): Promise<void> {
    await this.rpc.emit(SUBJECTS.batch.events.partition, event);
  }

  async jobFinished(event: BatchJobEvent): Promise<void> {
    await this.rpc.emit(SUBJECTS.batch.events.job, event);
  }
}
