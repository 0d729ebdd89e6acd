import { Permission, ResourceKind, Role, isRole } from '@llmops/contract';
import { DataSource, FindOptionsWhere, Repository } from 'typeorm';
import { IdentityStore } from '../identity-store';
import { ApiToken, AuditEntry, ResourcePermission, User } from '../identity.model';
import { AuditEntity, PermissionEntity, TokenEntity, UserEntity } from './identity.entities';

const num = (v: string | null): number | null => (v === null ? null : Number(v));

function userOf(e: UserEntity): User {
  return { name: e.name, roles: e.roles.split(',').filter(isRole) as Role[], createdAt: Number(e.createdAt) };
}

function tokenOf(e: TokenEntity): ApiToken {
  return {
    id: e.id,
    user: e.userName,
    name: e.name,
    secretHash: e.secretHash.trim(),
    createdAt: Number(e.createdAt),
    revokedAt: num(e.revokedAt),
    lastUsedAt: num(e.lastUsedAt),
    expiresAt: num(e.expiresAt),
  };
}

function permissionOf(e: PermissionEntity): ResourcePermission {
  return {
    user: e.userName,
    kind: e.kind as ResourceKind,
    resourceId: e.resourceId,
    permission: e.permission as Exclude<Permission, 'NONE'>,
  };
}

function auditOf(e: AuditEntity): AuditEntry {
  return { id: e.id, at: Number(e.at), actor: e.actor, action: e.action, target: e.target, details: e.details };
}

export class TypeOrmIdentityStore extends IdentityStore {
  private readonly users: Repository<UserEntity>;
  private readonly tokens: Repository<TokenEntity>;
  private readonly permissions: Repository<PermissionEntity>;
  private readonly audit: Repository<AuditEntity>;

  constructor(private readonly ds: DataSource) {
    super();
    this.users = ds.getRepository(UserEntity);
    this.tokens = ds.getRepository(TokenEntity);
    this.permissions = ds.getRepository(PermissionEntity);
    this.audit = ds.getRepository(AuditEntity);
  }

  async ping(): Promise<void> {
    await this.ds.query('SELECT 1');
  }

  async findUser(name: string): Promise<User | null> {
    const e = await this.users.findOneBy({ name });
    return e ? userOf(e) : null;
  }

  async listUsers(): Promise<User[]> {
    return (await this.users.find({ order: { name: 'ASC' } })).map(userOf);
  }

  async saveUser(user: User): Promise<void> {
    await this.users.save({ name: user.name, roles: user.roles.join(','), createdAt: String(user.createdAt) });
  }

  async countAdmins(): Promise<number> {
    return (await this.listUsers()).filter((u) => u.roles.includes('admin')).length;
  }

  async findTokenByHash(hash: string): Promise<ApiToken | null> {
    const e = await this.tokens.findOneBy({ secretHash: hash });
    return e ? tokenOf(e) : null;
  }

  async findToken(id: string): Promise<ApiToken | null> {
    const e = await this.tokens.findOneBy({ id });
    return e ? tokenOf(e) : null;
  }

  async listTokens(user?: string): Promise<ApiToken[]> {
    const where: FindOptionsWhere<TokenEntity> = user ? { userName: user } : {};
    return (await this.tokens.find({ where, order: { createdAt: 'ASC' } })).map(tokenOf);
  }

  async saveToken(t: ApiToken): Promise<void> {
    await this.tokens.save({
      id: t.id,
      userName: t.user,
      name: t.name,
      secretHash: t.secretHash,
      createdAt: String(t.createdAt),
      revokedAt: t.revokedAt === null ? null : String(t.revokedAt),
      lastUsedAt: t.lastUsedAt === null ? null : String(t.lastUsedAt),
      expiresAt: t.expiresAt === null ? null : String(t.expiresAt),
    });
  }

  async touchToken(id: string, at: number): Promise<void> {
    await this.tokens.update({ id }, { lastUsedAt: String(at) });
  }

  async findPermission(user: string, kind: ResourceKind, resourceId: string): Promise<ResourcePermission | null> {
    const e = await this.permissions.findOneBy({ userName: user, kind, resourceId });
    return e ? permissionOf(e) : null;
  }

  async listPermissions(filter: {
    user?: string;
    kind?: ResourceKind;
    resourceId?: string;
  }): Promise<ResourcePermission[]> {
    const where: FindOptionsWhere<PermissionEntity> = {};
    if (filter.user) where.userName = filter.user;
    if (filter.kind) where.kind = filter.kind;
    if (filter.resourceId) where.resourceId = filter.resourceId;
    return (await this.permissions.find({ where, order: { userName: 'ASC', resourceId: 'ASC' } })).map(permissionOf);
  }

  async savePermission(p: ResourcePermission): Promise<void> {
    await this.permissions.save({ userName: p.user, kind: p.kind, resourceId: p.resourceId, permission: p.permission });
  }

  async deletePermission(user: string, kind: ResourceKind, resourceId: string): Promise<boolean> {
    const result = await this.permissions.delete({ userName: user, kind, resourceId });
    return (result.affected ?? 0) > 0;
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    await this.audit.save(this.audit.create({ ...entry, at: String(entry.at) }));
  }

  async listAudit(filter: { action?: string; actor?: string; limit: number }): Promise<AuditEntry[]> {
    const where: FindOptionsWhere<AuditEntity> = {};
    if (filter.action) where.action = filter.action;
    if (filter.actor) where.actor = filter.actor;
    return (await this.audit.find({ where, order: { at: 'DESC' }, take: filter.limit })).map(auditOf);
  }
}
