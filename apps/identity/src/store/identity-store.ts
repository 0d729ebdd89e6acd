import { ResourceKind } from '@llmops/contract';
import { ApiToken, AuditEntry, ResourcePermission, User } from './identity.model';

/** Where users, tokens, permissions and the audit log are kept (TypeORM in production, fakes in tests). */
export abstract class IdentityStore {
  abstract ping(): Promise<void>;
  abstract findUser(name: string): Promise<User | null>;
  abstract listUsers(): Promise<User[]>;
  abstract saveUser(user: User): Promise<void>;
  abstract countAdmins(): Promise<number>;
  abstract findTokenByHash(hash: string): Promise<ApiToken | null>;
  abstract findToken(id: string): Promise<ApiToken | null>;
  abstract listTokens(user?: string): Promise<ApiToken[]>;
  abstract saveToken(token: ApiToken): Promise<void>;
  abstract touchToken(id: string, at: number): Promise<void>;
  abstract findPermission(user: string, kind: ResourceKind, resourceId: string): Promise<ResourcePermission | null>;
  abstract listPermissions(filter: {
    user?: string;
    kind?: ResourceKind;
    resourceId?: string;
  }): Promise<ResourcePermission[]>;
  abstract savePermission(permission: ResourcePermission): Promise<void>;
  abstract deletePermission(user: string, kind: ResourceKind, resourceId: string): Promise<boolean>;
  abstract appendAudit(entry: AuditEntry): Promise<void>;
  abstract listAudit(filter: { action?: string; actor?: string; limit: number }): Promise<AuditEntry[]>;
}
