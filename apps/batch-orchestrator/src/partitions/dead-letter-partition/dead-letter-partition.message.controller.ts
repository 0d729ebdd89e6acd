import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DeadLetterPartitionRequest, SUBJECTS } from '@llmops/contract';
import { DeadLetterPartitionHandler } from './dead-letter-partition.handler';

@Controller()
export class DeadLetterPartitionMessageController {
  constructor(private readonly handler: DeadLetterPartitionHandler) {}

  @MessagePattern(SUBJECTS.batch.partitions.deadLetter)
  deadLetter(@Payload() request: DeadLetterPartitionRequest): Promise<{ deadLettered: boolean }> {
    return this.handler.execute(request);
  }
}
