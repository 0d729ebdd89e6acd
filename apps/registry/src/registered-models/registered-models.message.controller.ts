import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreateRegisteredModelRequest,
  DeleteRegisteredModelRequest,
  DeleteRegisteredModelTagRequest,
  GetRegisteredModelRequest,
  RegisteredModelResponse,
  RenameRegisteredModelRequest,
  SearchRegisteredModelsRequest,
  SearchRegisteredModelsResponse,
  SetRegisteredModelTagRequest,
  SUBJECTS,
  UpdateRegisteredModelRequest,
} from '@llmops/contract';
import { visibleIdsOf } from '@llmops/authz';
import { callerIdentity, callerOf } from '../caller-of';
import { registeredModelView } from '../views/registry.views';
import { ModelWithLatest, RegisteredModelsHandler } from './registered-models.handler';

const view = (m: ModelWithLatest) => registeredModelView(m.model, m.latest);

@Controller()
export class RegisteredModelsController {
  constructor(private readonly models: RegisteredModelsHandler) {}

  @MessagePattern(SUBJECTS.registry.models.create)
  async create(@Payload() req: CreateRegisteredModelRequest, @Ctx() ctx: unknown): Promise<RegisteredModelResponse> {
    const m = await this.models.create({
      name: req.name,
      description: req.description,
      tags: req.tags,
      userId: callerOf(ctx),
    });
    return { registered_model: view(m) };
  }

  @MessagePattern(SUBJECTS.registry.models.get)
  async get(@Payload() req: GetRegisteredModelRequest): Promise<RegisteredModelResponse> {
    return { registered_model: view(await this.models.get(req.name)) };
  }

  @MessagePattern(SUBJECTS.registry.models.search)
  async search(
    @Payload() req: SearchRegisteredModelsRequest,
    @Ctx() ctx: unknown,
  ): Promise<SearchRegisteredModelsResponse> {
    const r = await this.models.search({
      filter: req.filter,
      maxResults: req.max_results,
      orderBy: req.order_by,
      pageToken: req.page_token,
      visibleNames: visibleIdsOf(ctx, 'registered_model'),
    });
    return {
      registered_models: r.models.map(view),
      ...(r.nextPageToken ? { next_page_token: r.nextPageToken } : {}),
    };
  }

  @MessagePattern(SUBJECTS.registry.models.rename)
  async rename(@Payload() req: RenameRegisteredModelRequest, @Ctx() ctx: unknown): Promise<RegisteredModelResponse> {
    return { registered_model: view(await this.models.rename(req.name, req.new_name, callerOf(ctx))) };
  }

  @MessagePattern(SUBJECTS.registry.models.update)
  async update(@Payload() req: UpdateRegisteredModelRequest): Promise<RegisteredModelResponse> {
    return { registered_model: view(await this.models.updateDescription(req.name, req.description)) };
  }

  @MessagePattern(SUBJECTS.registry.models.delete)
  async delete(@Payload() req: DeleteRegisteredModelRequest, @Ctx() ctx: unknown): Promise<Record<string, never>> {
    await this.models.delete(req.name, callerOf(ctx), callerIdentity(ctx));
    return {};
  }

  @MessagePattern(SUBJECTS.registry.models.setTag)
  async setTag(@Payload() req: SetRegisteredModelTagRequest): Promise<Record<string, never>> {
    await this.models.setTag(req.name, { key: req.key, value: req.value });
    return {};
  }

  @MessagePattern(SUBJECTS.registry.models.deleteTag)
  async deleteTag(@Payload() req: DeleteRegisteredModelTagRequest): Promise<Record<string, never>> {
    await this.models.deleteTag(req.name, req.key);
    return {};
  }
}
