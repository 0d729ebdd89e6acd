import type { Request } from 'express';

/** Requests whose body is an artifact or a dataset streamed to disk (never parsed as JSON). */
export function isArtifactUpload(req: Request): boolean {
  if (req.method !== 'PUT' && req.method !== 'POST') return false;
  return (
    /^\/api\/v1\/runs\/[^/]+\/artifacts\//.test(req.path) ||
    /^\/(ajax-)?api\/2\.0\/mlflow-artifacts\/(artifacts|mpu\/upload-part)\//.test(req.path) ||
    (req.method === 'PUT' && /^\/api\/v1\/datasets\//.test(req.path))
  );
}
