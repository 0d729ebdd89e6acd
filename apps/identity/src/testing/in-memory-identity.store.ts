import { ResourceKind } from '@llmops/contract';
import { IdentityStore } from '../store/identity-store';
import { ApiToken, AuditEntry, ResourcePermission, User } from '../store/identity.model';

/** The store port in memory, for unit tests. */
export class InMemoryIdentityStore extends IdentityStore {
  users = new Map<string, User>();
  tokens = new Map<string, ApiToken>();
  permissions: ResourcePermission[] = [];
  audit: AuditEntry[] = [];

  async ping(): Promise<void> {}
  async findUser(name: string) {
    return this.users.get(name) ?? null;
  }
  async listUsers() {
    return [...this.users.values()];
  }
  async saveUser(user: User) {
    this.users.set(user.name, { ...user });
  }
  async countAdmins() {
    return [...this.users.values()].filter((u) => u.roles.includes('admin')).length;
  }
  async findTokenByHash(hash: string) {
    return [...this.tokens.values()].find((t) => t.secretHash === hash) ?? null;
  }
  async findToken(id: string) {
    const t = this.tokens.get(id);
    return t ? { ...t } : null;
  }
  async listTokens(user?: string) {
    return [...this.tokens.values()].filter((t) => !user || t.user === user);
  }
  async saveToken(token: ApiToken) {
    this.tokens.set(token.id, { ...token });
  }
  async touchToken(id: string, at: number) {
    const t = this.tokens.get(id);
    if (t) t.lastUsedAt = at;
  }
  async findPermission(user: string, kind: ResourceKind, resourceId: string) {
    return this.permissions.find((p) => p.user === user && p.kind === kind && p.resourceId === resourceId) ?? null;
  }
  async listPermissions(f: { user?: string; kind?: ResourceKind; resourceId?: string }) {
    return this.permissions.filter(
      (p) =>
        (!f.user || p.user === f.user) &&
        (!f.kind || p.kind === f.kind) &&
        (!f.resourceId || p.resourceId === f.resourceId),
    );
  }
  async savePermission(p: ResourcePermission) {
    await this.deletePermission(p.user, p.kind, p.resourceId);
    this.permissions.push({ ...p });
  }
  async deletePermission(user: string, kind: ResourceKind, resourceId: string) {
    const before = this.permissions.length;
    this.permissions = this.permissions.filter(
      (p) => !(p.user === user && p.kind === kind && p.resourceId === resourceId),
    );
    return this.permissions.length < before;
  }
  async appendAudit(entry: AuditEntry) {
    this.audit.push(entry);
  }
  async listAudit(f: { action?: string; actor?: string; limit: number }) {
    return this.audit
      .filter((e) => (!f.action || e.action === f.action) && (!f.actor || e.actor === f.actor))
      .reverse()
      .slice(0, f.limit);
  }
}
