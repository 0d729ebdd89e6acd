import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
  AuditEntryView,
  CallerIdentity,
  PERMISSIONS,
  Permission,
  PermissionView,
  RESOURCE_KINDS,
  ROLES,
  ResourceKind,
  Role,
  TokenView,
  UserView,
} from './identity.types';

/** User names are echoed into logs and headers: a plain token, never free text. */
export const USER_NAME_PATTERN = /^[A-Za-z0-9._@-]{1,128}$/;
const USER_NAME_MESSAGE = { message: 'user must be 1-128 letters, digits, or . _ @ -' };

/** The hex sha256 of an API token's secret, as identity stores it. */
export const TOKEN_SHA256_PATTERN = /^[0-9a-f]{64}$/;

/**
 * The gateway sends the sha256 of the bearer secret, never the secret: whoever reads this
 * message learns nothing to present at the gateway (which hashes what it is given).
 */
export class AuthenticateRequest {
  @Matches(TOKEN_SHA256_PATTERN, { message: 'tokenSha256 must be the hex sha256 of the API token' })
  tokenSha256!: string;
}
/** The caller, and until when its token is valid (epoch ms; null: no expiry), so no cache outlives it. */
export type AuthenticateResponse = CallerIdentity & { expires_at: number | null };

export class CreateUserRequest {
  @Matches(USER_NAME_PATTERN, USER_NAME_MESSAGE)
  name!: string;

  @IsArray()
  @ArrayNotEmpty()
  @IsIn(ROLES as unknown as string[], { each: true })
  roles!: Role[];
}
export interface UserResponse {
  user: UserView;
}
export class ListUsersRequest {}
export interface ListUsersResponse {
  users: UserView[];
}

export class CreateTokenRequest {
  @Matches(USER_NAME_PATTERN, USER_NAME_MESSAGE)
  user!: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  name?: string;

  /** Epoch ms after which the token is refused like a revoked one (it must lie in the future). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  expires_at?: number;
}
/** The secret appears here once and is never stored or shown again. */
export interface CreateTokenResponse {
  token: TokenView;
  secret: string;
}
export class ListTokensRequest {
  @IsOptional()
  @Matches(USER_NAME_PATTERN, USER_NAME_MESSAGE)
  user?: string;
}
export interface ListTokensResponse {
  tokens: TokenView[];
}
export class RevokeTokenRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  id!: string;
}
export interface RevokeTokenResponse {
  token: TokenView;
}

export class ResourceRef {
  @IsIn(RESOURCE_KINDS as unknown as string[])
  kind!: ResourceKind;

  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  resource_id!: string;
}

export class GrantPermissionRequest extends ResourceRef {
  @Matches(USER_NAME_PATTERN, USER_NAME_MESSAGE)
  user!: string;

  @IsIn(PERMISSIONS.filter((p) => p !== 'NONE'))
  permission!: Exclude<Permission, 'NONE'>;
}
export interface PermissionResponse {
  permission: PermissionView;
}
export class RevokePermissionRequest extends ResourceRef {
  @Matches(USER_NAME_PATTERN, USER_NAME_MESSAGE)
  user!: string;
}
export class ListPermissionsRequest {
  @IsOptional()
  @Matches(USER_NAME_PATTERN, USER_NAME_MESSAGE)
  user?: string;

  @IsOptional()
  @IsIn(RESOURCE_KINDS as unknown as string[])
  kind?: ResourceKind;

  @IsOptional()
  @IsString()
  @MaxLength(512)
  resource_id?: string;
}
export interface ListPermissionsResponse {
  permissions: PermissionView[];
}
export class CheckPermissionRequest extends ResourceRef {
  @Matches(USER_NAME_PATTERN, USER_NAME_MESSAGE)
  user!: string;
}
export interface CheckPermissionResponse {
  permission: Permission;
}
export class ReadableResourcesRequest {
  @Matches(USER_NAME_PATTERN, USER_NAME_MESSAGE)
  user!: string;

  @IsIn(RESOURCE_KINDS as unknown as string[])
  kind!: ResourceKind;
}
export interface ReadableResourcesResponse {
  resource_ids: string[];
}

/** Bucket names: a kind and a key the gateway derived (a hash, an address), never free text. */
export const LIMIT_BUCKET_PATTERN = /^[a-z-]{1,32}:[A-Za-z0-9:._-]{1,128}$/;

export class TakeLimitRequest {
  @Matches(LIMIT_BUCKET_PATTERN, { message: 'bucket must be <kind>:<key> (letters, digits, : . _ -)' })
  bucket!: string;

  /** Refill rate of the bucket, and its size. */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.000001)
  @Max(1_000_000)
  per_second!: number;

  @IsInt()
  @Min(1)
  @Max(1_000_000)
  burst!: number;

  /**
   * Requests taken at once, all or none (a gateway replica's lease of several, default 1): refused
   * when the bucket holds fewer, whatever `remaining` then says.
   */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  count?: number;
}
export interface TakeLimitResponse {
  allowed: boolean;
  /** Whole requests left after this one. */
  remaining: number;
  /** When a request will be allowed again (0 when one is now). */
  retry_after_ms: number;
}

export class AppendAuditRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  actor!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  action!: string;

  @IsString()
  @MaxLength(512)
  target!: string;

  @IsOptional()
  @IsObject()
  details?: Record<string, unknown>;
}
export interface AuditEntryResponse {
  entry: AuditEntryView;
}
export class ListAuditRequest {
  @IsOptional()
  @IsString()
  @MaxLength(64)
  action?: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  actor?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  max_results?: number;
}
export interface ListAuditResponse {
  entries: AuditEntryView[];
}
