import { Injectable } from '@nestjs/common';
import { AUDIT_ACTIONS, ResourceAlreadyExistsError, Role } from '@llmops/contract';
import { AuditLog } from '../audit/audit-log';
import { Clock } from '../shared';
import { IdentityStore } from '../store/identity-store';
import { User } from '../store/identity.model';

@Injectable()
export class UsersHandler {
  constructor(
    private readonly store: IdentityStore,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  async create(actor: string, name: string, roles: Role[]): Promise<User> {
    if (await this.store.findUser(name)) throw new ResourceAlreadyExistsError(`User ${name} already exists`);
    const user: User = { name, roles: [...new Set(roles)], createdAt: this.clock.now() };
    await this.store.saveUser(user);
    await this.audit.record(actor, AUDIT_ACTIONS.userCreated, `user:${name}`, { roles: user.roles });
    return user;
  }

  list(): Promise<User[]> {
    return this.store.listUsers();
  }
}
