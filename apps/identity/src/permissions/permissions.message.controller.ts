import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import {
  CheckPermissionRequest,
  CheckPermissionResponse,
  GrantPermissionRequest,
  ListPermissionsRequest,
  ListPermissionsResponse,
  PermissionResponse,
  ReadableResourcesRequest,
  ReadableResourcesResponse,
  RevokePermissionRequest,
  SUBJECTS,
} from '@llmops/contract';
import { actorOf } from '../actor-of';
import { permissionView } from '../identity.views';
import { PermissionsHandler } from './permissions.handler';

@Controller()
export class PermissionsController {
  constructor(private readonly permissions: PermissionsHandler) {}

  @MessagePattern(SUBJECTS.identity.permissions.grant)
  async grant(@Payload() req: GrantPermissionRequest, @Ctx() ctx: unknown): Promise<PermissionResponse> {
    const p = await this.permissions.grant(actorOf(ctx), {
      user: req.user,
      kind: req.kind,
      resourceId: req.resource_id,
      permission: req.permission,
    });
    return { permission: permissionView(p) };
  }

  @MessagePattern(SUBJECTS.identity.permissions.revoke)
  async revoke(@Payload() req: RevokePermissionRequest, @Ctx() ctx: unknown): Promise<Record<string, never>> {
    await this.permissions.revoke(actorOf(ctx), req.user, req.kind, req.resource_id);
    return {};
  }

  @MessagePattern(SUBJECTS.identity.permissions.list)
  async list(@Payload() req: ListPermissionsRequest): Promise<ListPermissionsResponse> {
    const list = await this.permissions.list({ user: req.user, kind: req.kind, resourceId: req.resource_id });
    return { permissions: list.map(permissionView) };
  }

  @MessagePattern(SUBJECTS.identity.permissions.check)
  async check(@Payload() req: CheckPermissionRequest): Promise<CheckPermissionResponse> {
    return { permission: await this.permissions.check(req.user, req.kind, req.resource_id) };
  }

  @MessagePattern(SUBJECTS.identity.permissions.readable)
  async readable(@Payload() req: ReadableResourcesRequest): Promise<ReadableResourcesResponse> {
    return { resource_ids: await this.permissions.readable(req.user, req.kind) };
  }
}
