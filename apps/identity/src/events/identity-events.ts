import { Logger } from '@nestjs/common';
import { PermissionChangedEvent, SUBJECTS, TokenRevokedEvent } from '@llmops/contract';
import { RpcClient } from '@llmops/messaging';

/**
 * Tells every gateway replica, once a change is committed, that what it remembers of an
 * authentication or a permission may be stale (docs/security.md, "Cached access decisions").
 */
export abstract class IdentityEvents {
  abstract tokenRevoked(event: TokenRevokedEvent): Promise<void>;
  abstract permissionChanged(event: PermissionChangedEvent): Promise<void>;
}

/** No one to tell (unit tests; a module started without a transport). */
export class NoIdentityEvents extends IdentityEvents {
  async tokenRevoked(): Promise<void> {}
  async permissionChanged(): Promise<void> {}
}

/**
 * Publishes on the service's own connection, bound once the service is started
 * (`bindIdentityEvents`): before that nothing has been answered, so no cache can hold anything.
 */
export class RpcIdentityEvents extends IdentityEvents {
  private readonly logger = new Logger('IdentityEvents');
  private rpc?: RpcClient;

  bind(rpc: RpcClient): void {
    this.rpc = rpc;
  }

  tokenRevoked(event: TokenRevokedEvent): Promise<void> {
    return this.publish(SUBJECTS.identity.events.tokenRevoked, event);
  }

  permissionChanged(event: PermissionChangedEvent): Promise<void> {
    return this.publish(SUBJECTS.identity.events.permissionChanged, event);
  }

  private async publish(subject: string, event: object): Promise<void> {
    if (!this.rpc) return;
    try {
      await this.rpc.emit(subject, event);
    } catch (error) {
      // Committed already: the caches it would have cleared expire on their own (seconds).
      this.logger.warn(`Could not publish ${subject}: ${(error as Error).message}`);
    }
  }
}
