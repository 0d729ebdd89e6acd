import type { Request } from 'express';

/** Routes that MLflow clients call: Basic auth (token as the password) is accepted there too. */
const MLFLOW_ROUTES = /^\/(ajax-)?api\/2\.0\/mlflow(-artifacts)?\//;

/** Paths anyone may reach: liveness, readiness, metrics, API docs. */
export function isOpenPath(path: string): boolean {
  return path === '/healthz' || path === '/readyz' || path === '/metrics' || /^\/docs(-json|-yaml)?(\/.*)?$/.test(path);
}

/**
 * Part uploads of MLflow's multipart upload: the client PUTs each part to the URL the create answer
 * gave it, with that answer's headers and no credentials (as to a cloud store's presigned URL). The
 * handler authorises them by the upload's part token; everything else about the upload (create,
 * complete, abort) needs the caller's EDIT permission.
 */
export function isPartUpload(req: Pick<Request, 'method' | 'path'>): boolean {
  return req.method === 'PUT' && /^\/(ajax-)?api\/2\.0\/mlflow-artifacts\/mpu\/upload-part\//.test(req.path);
}

/**
 * The API token a request carries: `Authorization: Bearer <token>` (MLFLOW_TRACKING_TOKEN), or on
 * MLflow routes `Basic base64(user:token)` (MLFLOW_TRACKING_USERNAME / PASSWORD; the user part is
 * ignored, the token says who it is).
 */
export function tokenOf(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (basic && MLFLOW_ROUTES.test(req.path)) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const password = colon >= 0 ? decoded.slice(colon + 1) : '';
    return password === '' ? undefined : password;
  }
  return undefined;
}
