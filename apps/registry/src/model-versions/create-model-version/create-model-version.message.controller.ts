import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { CreateModelVersionRequest, ModelVersionResponse, SUBJECTS } from '@llmops/contract';
import { callerIdentity, callerOf } from '../../caller-of';
import { modelVersionView } from '../../views/registry.views';
import { CreateModelVersionHandler } from './create-model-version.handler';

@Controller()
export class CreateModelVersionController {
  constructor(private readonly handler: CreateModelVersionHandler) {}

  @MessagePattern(SUBJECTS.registry.versions.create)
  async create(@Payload() req: CreateModelVersionRequest, @Ctx() ctx: unknown): Promise<ModelVersionResponse> {
    const version = await this.handler.execute({
      name: req.name,
      source: req.source,
      runId: req.run_id,
      modelId: req.model_id,
      description: req.description,
      tags: req.tags,
      userId: callerOf(ctx),
      caller: callerIdentity(ctx),
    });
    return { model_version: modelVersionView(version) };
  }
}
