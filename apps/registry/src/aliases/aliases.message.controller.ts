import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import {
  AliasDeletedResponse,
  AliasResponse,
  DeleteRegisteredModelAliasRequest,
  GetModelVersionByAliasRequest,
  ModelVersionResponse,
  SetRegisteredModelAliasRequest,
  SUBJECTS,
} from '@llmops/contract';
import { callerIdentity, callerOf } from '../caller-of';
import { modelVersionView } from '../views/registry.views';
import { AliasesHandler } from './aliases.handler';

@Controller()
export class AliasesController {
  constructor(private readonly aliases: AliasesHandler) {}

  @MessagePattern(SUBJECTS.registry.aliases.set)
  async set(@Payload() req: SetRegisteredModelAliasRequest, @Ctx() ctx: unknown): Promise<AliasResponse> {
    const r = await this.aliases.set({
      name: req.name,
      alias: req.alias,
      version: Number(req.version),
      reason: req.reason,
      evaluation: req.evaluation,
      userId: callerOf(ctx),
      caller: callerIdentity(ctx),
    });
    return {
      name: r.name,
      alias: req.alias,
      version: req.version,
      previous_version: r.previousVersion === null ? null : String(r.previousVersion),
    };
  }

  @MessagePattern(SUBJECTS.registry.aliases.delete)
  async delete(@Payload() req: DeleteRegisteredModelAliasRequest, @Ctx() ctx: unknown): Promise<AliasDeletedResponse> {
    const r = await this.aliases.delete({
      name: req.name,
      alias: req.alias,
      reason: req.reason,
      userId: callerOf(ctx),
      caller: callerIdentity(ctx),
    });
    return { name: r.name, alias: req.alias, previous_version: String(r.previousVersion) };
  }

  @MessagePattern(SUBJECTS.registry.aliases.get)
  async get(@Payload() req: GetModelVersionByAliasRequest): Promise<ModelVersionResponse> {
    return { model_version: modelVersionView(await this.aliases.get(req.name, req.alias)) };
  }
}
