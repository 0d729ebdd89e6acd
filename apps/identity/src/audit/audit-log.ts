import { Injectable } from '@nestjs/common';
import { Clock, IdGenerator } from '../shared';
import { IdentityStore } from '../store/identity-store';
import { AuditEntry } from '../store/identity.model';

/** Appends to and reads the audit log (who, when, action, target, details). */
@Injectable()
export class AuditLog {
  constructor(
    private readonly store: IdentityStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async record(
    actor: string,
    action: string,
    target: string,
    details: Record<string, unknown> = {},
  ): Promise<AuditEntry> {
    const entry: AuditEntry = { id: this.ids.next(), at: this.clock.now(), actor, action, target, details };
    await this.store.appendAudit(entry);
    return entry;
  }

  list(filter: { action?: string; actor?: string; limit?: number }): Promise<AuditEntry[]> {
    return this.store.listAudit({ ...filter, limit: filter.limit ?? 100 });
  }
}
