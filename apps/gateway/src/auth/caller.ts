import type { Request, Response } from 'express';
import { CallerIdentity, UnauthenticatedError } from '@llmops/contract';

/** The caller the authentication middleware established for this request. */
export function callerOfResponse(res: Response): CallerIdentity {
  const caller = res.locals.caller as CallerIdentity | undefined;
  if (!caller) throw new UnauthenticatedError('No credentials');
  return caller;
}

export function callerOfRequest(req: Request): CallerIdentity {
  return callerOfResponse(req.res as Response);
}
