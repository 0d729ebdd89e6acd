import { CheckPermissionResponse, Permission, ResourceKind, SUBJECTS } from '@llmops/contract';
import { RpcClient } from '@llmops/messaging';
import { RegistryPermissions } from './registry-permissions.port';

/**
 * Permissions and the audit log of the identity service. The requests carry no caller header:
 * they are the registry's own questions and records (the actor is named in the entry).
 */
export class IdentityRegistryPermissions extends RegistryPermissions {
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

  async audit(actor: string, action: string, target: string, details: Record<string, unknown>): Promise<void> {
    await this.rpc.request(SUBJECTS.identity.audit.append, { actor, action, target, details });
  }
}
