import { ResourceKind } from './identity.types';

/** `SUBJECTS.identity.events.tokenRevoked`: a token no longer authenticates. */
export interface TokenRevokedEvent {
  token_id: string;
  user: string;
}

/** `SUBJECTS.identity.events.permissionChanged`: a permission was granted, changed or revoked. */
export interface PermissionChangedEvent {
  user: string;
  kind: ResourceKind;
  resource_id: string;
}
