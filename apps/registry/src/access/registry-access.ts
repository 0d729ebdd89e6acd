import { Injectable, Logger } from '@nestjs/common';
import { CallerIdentity, PermissionDeniedError, Role, hasRole, permissionAtLeast } from '@llmops/contract';
import { RegistryPermissions } from './registry-permissions.port';

/**
 * Who is asking: the identity the gateway attached, or undefined for another service (NATS
 * permissions decide which services may publish at all).
 */
export type RegistryCaller = CallerIdentity | undefined;

/**
 * The registry's own access decisions, made on what it resolved or read under the model's lock
 * (the gateway cannot know a source's run or a version's current stage): READ on a source's
 * experiment, the approver role to take a version out of Production or move a protected alias,
 * and the audit entries of those changes.
 */
@Injectable()
export class RegistryAccess {
  private readonly logger = new Logger('RegistryAccess');

  constructor(private readonly permissions: RegistryPermissions) {}

  /** Admins and service calls hold every permission. */
  privileged(caller: RegistryCaller): boolean {
    return caller === undefined || hasRole(caller.roles, 'admin');
  }

  requireRole(caller: RegistryCaller, role: Role, what: string): void {
    if (caller === undefined || hasRole(caller.roles, role)) return;
    throw new PermissionDeniedError(`Permission denied: ${caller.user} lacks the ${role} role to ${what}`);
  }

  async requireReadOnExperiment(caller: RegistryCaller, experimentId: string, why: string): Promise<void> {
    if (this.privileged(caller)) return;
    const held = await this.permissions.permissionOn(caller!.user, 'experiment', experimentId);
    if (!permissionAtLeast(held, 'READ')) {
      throw new PermissionDeniedError(
        `Permission denied: ${caller!.user} needs READ on experiment ${experimentId} ${why}`,
      );
    }
  }

  /**
   * Recorded after the change committed (as the gateway audits promotions): a failed append is
   * logged loudly, the change stands.
   */
  async audit(actor: string, action: string, target: string, details: Record<string, unknown>): Promise<void> {
    await this.permissions
      .audit(actor, action, target, details)
      .catch((error: Error) => this.logger.error(`Audit of ${action} on ${target} failed: ${error.message}`));
  }
}
