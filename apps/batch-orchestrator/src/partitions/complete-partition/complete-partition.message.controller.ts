import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CompletePartitionRequest, CompletePartitionResponse, SUBJECTS } from '@llmops/contract';
import { CompletePartitionHandler } from './complete-partition.handler';

@Controller()
export class CompletePartitionMessageController {
  constructor(private readonly handler: CompletePartitionHandler) {}

  @MessagePattern(SUBJECTS.batch.partitions.complete)
  complete(@Payload() request: CompletePartitionRequest): Promise<CompletePartitionResponse> {
    return this.handler.execute(request);
  }
}
