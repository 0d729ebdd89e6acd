import { Column, Entity, PrimaryColumn } from 'typeorm';

// Persistence shapes only; bigint columns arrive as strings from pg and PGlite alike.

@Entity('identity_users')
export class UserEntity {
  @PrimaryColumn({ type: 'varchar' })
  name!: string;

  /** Comma-separated role names. */
  @Column({ type: 'varchar' })
  roles!: string;

  @Column({ type: 'bigint', name: 'created_at' })
  createdAt!: string;
}

@Entity('identity_tokens')
export class TokenEntity {
  @PrimaryColumn({ type: 'varchar' })
  id!: string;

  @Column({ type: 'varchar', name: 'user_name' })
  userName!: string;

  @Column({ type: 'varchar' })
  name!: string;

  @Column({ type: 'char', name: 'secret_hash' })
  secretHash!: string;

  @Column({ type: 'bigint', name: 'created_at' })
  createdAt!: string;

  @Column({ type: 'bigint', name: 'revoked_at', nullable: true })
  revokedAt!: string | null;

  @Column({ type: 'bigint', name: 'last_used_at', nullable: true })
  lastUsedAt!: string | null;

  @Column({ type: 'bigint', name: 'expires_at', nullable: true })
  expiresAt!: string | null;
}

@Entity('identity_permissions')
export class PermissionEntity {
  @PrimaryColumn({ type: 'varchar', name: 'user_name' })
  userName!: string;

  @PrimaryColumn({ type: 'varchar' })
  kind!: string;

  @PrimaryColumn({ type: 'varchar', name: 'resource_id' })
  resourceId!: string;

  @Column({ type: 'varchar' })
  permission!: string;
}

@Entity('identity_audit')
export class AuditEntity {
  @PrimaryColumn({ type: 'varchar' })
  id!: string;

  @Column({ type: 'bigint' })
  at!: string;

  @Column({ type: 'varchar' })
  actor!: string;

  @Column({ type: 'varchar' })
  action!: string;

  @Column({ type: 'varchar' })
  target!: string;

  @Column({ type: 'jsonb' })
  details!: Record<string, unknown>;
}

export const IDENTITY_ENTITIES = [UserEntity, TokenEntity, PermissionEntity, AuditEntity];
