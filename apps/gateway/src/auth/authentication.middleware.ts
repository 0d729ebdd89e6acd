import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import {
  API_TOKEN_MAX_LENGTH,
  AuthenticateResponse,
  LOCAL_CALLER,
  RequestLimitExceededError,
  SUBJECTS,
  UnauthenticatedError,
} from '@llmops/contract';
import { RpcClient } from '@llmops/messaging';
import { httpErrorOf } from '../http/http-exception.filter';
import { AuthSettings } from './auth.settings';
import { isOpenPath, tokenOf } from './credentials';
import { RateLimiter } from './rate-limiter';

/**
 * Deny by default: every request but the open paths must carry a valid API token, checked with
 * the identity service; the caller (user and roles) is kept in `res.locals.caller` for the guard
 * and for `ServiceClient`, which sends it with every internal request. With auth explicitly off,
 * every request is the `local` admin. The token itself is never logged nor passed on.
 */
export function authentication(rpc: RpcClient, settings: AuthSettings) {
  const limiter = new RateLimiter(settings.rateLimitPerSecond, settings.rateLimitBurst);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (isOpenPath(req.path)) {
      res.locals.open = true;
      next();
      return;
    }
    if (!settings.enabled) {
      res.locals.caller = LOCAL_CALLER;
      next();
      return;
    }
    const token = tokenOf(req);
    if (token === undefined) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="llmops", Basic realm="llmops"');
      fail(res, new UnauthenticatedError('Authentication required: send Authorization: Bearer <API token>'));
      return;
    }
    if (token.length > API_TOKEN_MAX_LENGTH) {
      // Not a token anyone was given: refused as any unknown token is (not as a malformed request).
      fail(res, new UnauthenticatedError('Invalid or revoked API token'));
      return;
    }
    const key = createHash('sha256').update(token).digest('hex');
    if (!limiter.take(key)) {
      res.setHeader('Retry-After', '1');
      fail(res, new RequestLimitExceededError('Too many requests for this API token; slow down'));
      return;
    }
    rpc
      .request<AuthenticateResponse>(SUBJECTS.identity.authenticate, { token })
      .then((caller) => {
        res.locals.caller = caller;
        next();
      })
      .catch((error: unknown) => fail(res, error));
  };
}

function fail(res: Response, error: unknown): void {
  const { status, body } = httpErrorOf(error);
  res.locals.errorCode = body.error_code;
  res.status(status).json(body);
}
