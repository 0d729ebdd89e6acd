import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import {
  API_TOKEN_MAX_LENGTH,
  AuthenticateResponse,
  CallerIdentity,
  ErrorCode,
  LOCAL_CALLER,
  LlmopsError,
  RequestLimitExceededError,
  SUBJECTS,
  UnauthenticatedError,
} from '@llmops/contract';
import { RpcClient } from '@llmops/messaging';
import { httpErrorOf } from '../http/http-exception.filter';
import { AccessCache } from './access-cache';
import { AuthLimits } from './auth-limits';
import { AuthSettings } from './auth.settings';
import { isOpenPath, isPartUpload, tokenOf } from './credentials';

/**
 * Deny by default: every request but the open paths must carry a valid API token, checked with
 * the identity service; the caller (user and roles) is kept in `res.locals.caller` for the guard
 * and for `ServiceClient`, which sends it with every internal request. With auth explicitly off,
 * every request is the `local` admin. The token itself is never logged nor passed on (identity
 * gets its sha256).
 *
 * A replica remembers a token digest's caller for a few seconds (AccessCache); a revoked token
 * stops working at once wherever identity's announcement is heard.
 *
 * Limits (shared by every replica, see AuthLimits): failed authentications per client address
 * (then 429 for that address only: a user's token keeps working from anywhere else), and requests
 * per token once authenticated (so nobody can spend another's budget without its secret).
 */
export function authentication(rpc: RpcClient, settings: AuthSettings, cache: AccessCache) {
  const limits = new AuthLimits(rpc, settings);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (isOpenPath(req.path) || isPartUpload(req)) {
      res.locals.open = true;
      next();
      return;
    }
    if (!settings.enabled) {
      res.locals.caller = LOCAL_CALLER;
      res.locals.authenticationOff = true;
      next();
      return;
    }
    authenticate(req, res, rpc, limits, cache).then(
      (caller) => {
        if (!caller) return;
        res.locals.caller = caller;
        next();
      },
      (error: unknown) => fail(res, error),
    );
  };
}

/** The caller, or undefined when an answer (401, 429) was already sent. */
async function authenticate(
  req: Request,
  res: Response,
  rpc: RpcClient,
  limits: AuthLimits,
  cache: AccessCache,
): Promise<CallerIdentity | undefined> {
  const token = tokenOf(req);
  if (token === undefined) {
    res.setHeader('WWW-Authenticate', 'Bearer realm="llmops", Basic realm="llmops"');
    fail(res, new UnauthenticatedError('Authentication required: send Authorization: Bearer <API token>'));
    return undefined;
  }
  const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  const blockedMs = limits.blockedFor(address);
  if (blockedMs > 0) {
    tooMany(res, blockedMs, 'Too many failed authentications from this address; try again later');
    return undefined;
  }
  let authenticated: AuthenticateResponse;
  try {
    // Longer than any token anyone was given: refused as an unknown token is, without asking.
    if (token.length > API_TOKEN_MAX_LENGTH) throw new UnauthenticatedError('Invalid, expired or revoked API token');
    // The digest identity stores and looks up: the secret itself never goes on NATS.
    const tokenSha256 = createHash('sha256').update(token, 'utf8').digest('hex');
    // Remembered for seconds at most, dropped when identity announces a revocation; a failure
    // is never remembered (it is counted against the address every time).
    authenticated = await cache.callers.get(
      tokenSha256,
      () => rpc.request<AuthenticateResponse>(SUBJECTS.identity.authenticate, { tokenSha256 }),
      (answer) => (answer.expires_at === null ? Infinity : answer.expires_at - Date.now()),
    );
  } catch (error) {
    if (!(error instanceof LlmopsError) || error.code !== ErrorCode.UNAUTHENTICATED) throw error;
    const failure = await limits.failed(address);
    if (!failure.allowed) {
      tooMany(res, failure.retryAfterMs, 'Too many failed authentications from this address; try again later');
      return undefined;
    }
    throw error;
  }
  const request = await limits.takeRequest(token);
  if (!request.allowed) {
    tooMany(res, request.retryAfterMs, 'Too many requests for this API token; slow down');
    return undefined;
  }
  // The caller alone travels on (the expiry was for the cache).
  return { user: authenticated.user, roles: authenticated.roles };
}

function tooMany(res: Response, retryAfterMs: number, message: string): void {
  res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
  fail(res, new RequestLimitExceededError(message));
}

function fail(res: Response, error: unknown): void {
  const { status, body } = httpErrorOf(error);
  res.locals.errorCode = body.error_code;
  res.status(status).json(body);
}
