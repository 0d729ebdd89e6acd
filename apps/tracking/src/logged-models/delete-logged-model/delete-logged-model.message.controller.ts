import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { LoggedModelIdRequest, SUBJECTS } from '@llmops/contract';
import { DeleteLoggedModelHandler } from './delete-logged-model.handler';

@Controller()
export class DeleteLoggedModelController {
  constructor(private readonly handler: DeleteLoggedModelHandler) {}

  @MessagePattern(SUBJECTS.tracking.loggedModels.delete)
  async delete(@Payload() request: LoggedModelIdRequest): Promise<Record<string, never>> {
    await this.handler.execute(request.model_id);
    return {};
  }
}
