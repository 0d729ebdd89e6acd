import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetModelVersionLineageRequest, ModelVersionLineageResponse, SUBJECTS } from '@llmops/contract';
import { GetLineageHandler } from './get-lineage.handler';

@Controller()
export class LineageController {
  constructor(private readonly lineage: GetLineageHandler) {}

  @MessagePattern(SUBJECTS.registry.versions.getLineage)
  execute(@Payload() req: GetModelVersionLineageRequest): Promise<ModelVersionLineageResponse> {
    return this.lineage.execute(req.name, Number(req.version));
  }
}
