import {
  CheckPermissionResponse,
  ListPermissionsResponse,
  Permission,
  ReadableResourcesResponse,
  ResourceKind,
  SUBJECTS,
} from '@llmops/contract';
import { RpcClient } from '@llmops/messaging';
import { BatchPermissions } from './batch-permissions';

/**
 * Permissions from the identity service. These requests carry no caller header: they are the
 * orchestrator's own questions (the identity service lets service calls through; NATS permissions
 * decide which services may ask).
 */
export class IdentityBatchPermissions extends BatchPermissions {
  constructor(private readonly rpc: RpcClient) {
    super();
  }

  async permissionOn(user: string, kind: ResourceKind, id: string): Promise<Permission> {
    const answer = await this.rpc.request<CheckPermissionResponse>(SUBJECTS.identity.permissions.check, {
      user,
      kind,
      resource_id: id,
    });
    return answer.permission;
  }

  async readable(user: string, kind: ResourceKind): Promise<string[]> {
    const answer = await this.rpc.request<ReadableResourcesResponse>(SUBJECTS.identity.permissions.readable, {
      user,
      kind,
    });
    return answer.resource_ids;
  }

  async grantManage(user: string, kind: ResourceKind, id: string): Promise<void> {
    await this.rpc.request(SUBJECTS.identity.permissions.grant, { user, kind, resource_id: id, permission: 'MANAGE' });
  }

  async revokeAll(kind: ResourceKind, id: string): Promise<void> {
    const { permissions } = await this.rpc.request<ListPermissionsResponse>(SUBJECTS.identity.permissions.list, {
      kind,
      resource_id: id,
    });
    for (const p of permissions) {
      await this.rpc.request(SUBJECTS.identity.permissions.revoke, { user: p.user, kind, resource_id: id });
    }
  }
}
