import { posix } from 'node:path';
import { InvalidParameterError, TRACKING_LIMITS } from '@llmops/contract';

/**
 * MLflow's input rules (mlflow/utils/validation.py). Every check throws INVALID_PARAMETER_VALUE
 * naming the field; use cases run them all before writing anything.
 */
const KEY_PATTERN = /^[/\w.\- ]*$/;

export function validateKey(key: unknown, field: string): string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new InvalidParameterError(`Invalid value for ${field}: a non-empty key is required`);
  }
  if (key.length > TRACKING_LIMITS.maxEntityKeyLength) {
    throw new InvalidParameterError(
      `Invalid value for ${field} '${key.slice(0, 40)}...': keys are at most ${TRACKING_LIMITS.maxEntityKeyLength} characters (got ${key.length})`,
    );
  }
  if (!KEY_PATTERN.test(key)) {
    throw new InvalidParameterError(
      `Invalid value for ${field} '${key}': names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), and slashes (/)`,
    );
  }
  if (key.startsWith('/')) {
    throw new InvalidParameterError(`Invalid value for ${field} '${key}': names may not start with '/'`);
  }
  // MLflow's path_not_unique: the key must already be in normal form and not climb out.
  const normal = posix.normalize(key).replace(/(.)\/+$/, '$1');
  if (normal !== key || normal === '.' || normal.startsWith('..')) {
    throw new InvalidParameterError(
      `Invalid value for ${field} '${key}': names may not contain '..' or '.' segments, repeated or trailing '/'`,
    );
  }
  return key;
}

export function validateValueLength(value: string, max: number, field: string): string {
  if (value.length > max) {
    throw new InvalidParameterError(
      `Invalid value for ${field}: at most ${max} characters are allowed (got ${value.length})`,
    );
  }
  return value;
}

export function validateParam(key: string, value: string, field = 'param'): void {
  validateKey(key, `${field} key`);
  validateValueLength(value, TRACKING_LIMITS.maxParamValueLength, `${field} '${key}' value`);
}

export function validateTag(key: string, value: string, field = 'tag'): void {
  validateKey(key, `${field} key`);
  validateValueLength(value, TRACKING_LIMITS.maxTagValueLength, `${field} '${key}' value`);
}

export function validateMetric(key: string, value: number, timestamp: number, step: number, field = 'metric'): void {
  validateKey(key, `${field} key`);
  if (typeof value !== 'number') throw new InvalidParameterError(`Invalid value for ${field} '${key}': not a number`);
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new InvalidParameterError(`Invalid value for ${field} '${key}' timestamp: ${timestamp}`);
  }
  if (!Number.isSafeInteger(step)) throw new InvalidParameterError(`Invalid value for ${field} '${key}' step: ${step}`);
}

export function validateExperimentName(name: unknown, field = 'name'): string {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new InvalidParameterError(`Invalid value for ${field}: an experiment name must be a non-empty string`);
  }
  return validateValueLength(name, TRACKING_LIMITS.maxExperimentNameLength, field);
}

/** MLflow's batch limits, checked before anything is written. */
export function validateBatchLimits(metrics: number, params: number, tags: number): void {
  const L = TRACKING_LIMITS;
  const problems: string[] = [];
  if (metrics > L.maxBatchMetrics) problems.push(`at most ${L.maxBatchMetrics} metrics (got ${metrics})`);
  if (params > L.maxBatchParams) problems.push(`at most ${L.maxBatchParams} params (got ${params})`);
  if (tags > L.maxBatchTags) problems.push(`at most ${L.maxBatchTags} tags (got ${tags})`);
  if (metrics + params + tags > L.maxBatchEntities) {
    problems.push(`at most ${L.maxBatchEntities} metrics, params and tags in total (got ${metrics + params + tags})`);
  }
  if (problems.length > 0) {
    throw new InvalidParameterError(`A batch logging request can contain ${problems.join(', ')}`);
  }
}

const RUN_ID_PATTERN = /^[0-9a-f]{32}$/;

/** Unknown ids are RESOURCE_DOES_NOT_EXIST by the caller; a malformed one is not worth a query. */
export function isWellFormedRunId(runId: string): boolean {
  return RUN_ID_PATTERN.test(runId);
}

export function isWellFormedExperimentId(experimentId: string): boolean {
  return /^\d{1,18}$/.test(experimentId);
}
