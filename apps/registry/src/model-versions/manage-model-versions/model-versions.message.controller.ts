import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import {
  DeleteModelVersionRequest,
  DeleteModelVersionTagRequest,
  GetModelVersionRequest,
  ModelVersionResponse,
  SearchModelVersionsRequest,
  SearchModelVersionsResponse,
  SetModelVersionTagRequest,
  SUBJECTS,
  UpdateModelVersionRequest,
} from '@llmops/contract';
import { visibleIdsOf } from '@llmops/authz';
import { callerIdentity, callerOf } from '../../caller-of';
import { modelVersionView } from '../../views/registry.views';
import { ManageModelVersionsHandler } from './manage-model-versions.handler';

@Controller()
export class ModelVersionsController {
  constructor(private readonly versions: ManageModelVersionsHandler) {}

  @MessagePattern(SUBJECTS.registry.versions.get)
  async get(@Payload() req: GetModelVersionRequest): Promise<ModelVersionResponse> {
    return { model_version: modelVersionView(await this.versions.get(req.name, Number(req.version))) };
  }

  @MessagePattern(SUBJECTS.registry.versions.search)
  async search(@Payload() req: SearchModelVersionsRequest, @Ctx() ctx: unknown): Promise<SearchModelVersionsResponse> {
    const r = await this.versions.search({
      filter: req.filter,
      maxResults: req.max_results,
      orderBy: req.order_by,
      pageToken: req.page_token,
      visibleNames: visibleIdsOf(ctx, 'registered_model'),
    });
    return {
      model_versions: r.versions.map(modelVersionView),
      ...(r.nextPageToken ? { next_page_token: r.nextPageToken } : {}),
    };
  }

  @MessagePattern(SUBJECTS.registry.versions.update)
  async update(@Payload() req: UpdateModelVersionRequest): Promise<ModelVersionResponse> {
    const v = await this.versions.updateDescription(req.name, Number(req.version), req.description);
    return { model_version: modelVersionView(v) };
  }

  @MessagePattern(SUBJECTS.registry.versions.delete)
  async delete(@Payload() req: DeleteModelVersionRequest, @Ctx() ctx: unknown): Promise<Record<string, never>> {
    await this.versions.delete(req.name, Number(req.version), callerOf(ctx), callerIdentity(ctx));
    return {};
  }

  @MessagePattern(SUBJECTS.registry.versions.setTag)
  async setTag(@Payload() req: SetModelVersionTagRequest): Promise<Record<string, never>> {
    await this.versions.setTag(req.name, Number(req.version), { key: req.key, value: req.value });
    return {};
  }

  @MessagePattern(SUBJECTS.registry.versions.deleteTag)
  async deleteTag(@Payload() req: DeleteModelVersionTagRequest): Promise<Record<string, never>> {
    await this.versions.deleteTag(req.name, Number(req.version), req.key);
    return {};
  }
}
