import { InvalidParameterError } from '../errors';

/** The MLflow model URI forms the platform resolves (MLflow 3 adds `models:/<model_id>`). */
export type ModelUri =
  | { kind: 'run'; runId: string; path: string }
  | { kind: 'model-version'; name: string; version: number }
  | { kind: 'model-stage'; name: string; stage: ModelStage }
  | { kind: 'model-alias'; name: string; alias: string }
  | { kind: 'logged-model'; modelId: string };

/** MLflow 3's logged model ids, `m-` and 32 lowercase hex characters. */
export const LOGGED_MODEL_ID_PATTERN = /^m-[0-9a-f]{32}$/;

export const MODEL_STAGES = ['None', 'Staging', 'Production', 'Archived'] as const;
export type ModelStage = (typeof MODEL_STAGES)[number];

/**
 * MLflow accepts stages case-insensitively in URIs and APIs; we normalise to its spelling.
 * A stage name as every check reads it: trimmed, case-insensitive (`"PRODUCTION "` is Production).
 * Everything that decides on a stage (the gateway's role rule, the services' guards, the handlers)
 * goes through this one function, so no check can read a stage differently from the transition.
 */
export function normaliseStage(value: string): ModelStage | undefined {
  if (typeof value !== 'string') return undefined;
  const wanted = value.trim().toLowerCase();
  return MODEL_STAGES.find((s) => s.toLowerCase() === wanted);
}

const RUN_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Versions are stored as 32-bit integers; nine digits is far beyond any model's history. */
export const MAX_MODEL_VERSION = 999_999_999;
const MODEL_NAME = /^[^/@\s][^/@]{0,255}$/;

export function parseModelUri(uri: string): ModelUri {
  if (typeof uri !== 'string' || uri.trim() === '') {
    throw new InvalidParameterError('Model URI must be a non-empty string');
  }
  if (uri.startsWith('runs:/')) {
    const rest = uri.slice('runs:/'.length);
    const slash = rest.indexOf('/');
    const runId = slash < 0 ? rest : rest.slice(0, slash);
    const path = slash < 0 ? '' : rest.slice(slash + 1).replace(/\/+$/, '');
    if (!RUN_ID.test(runId) || path === '') {
      throw new InvalidParameterError(`Invalid run model URI '${uri}': expected runs:/<run_id>/<artifact path>`);
    }
    return { kind: 'run', runId, path };
  }
  if (uri.startsWith('models:/')) {
    const rest = uri.slice('models:/'.length);
    const at = rest.lastIndexOf('@');
    if (at >= 0) {
      const name = rest.slice(0, at);
      const alias = rest.slice(at + 1);
      if (!MODEL_NAME.test(name) || !/^[A-Za-z0-9_-]+$/.test(alias)) {
        throw new InvalidParameterError(`Invalid model alias URI '${uri}': expected models:/<name>@<alias>`);
      }
      return { kind: 'model-alias', name, alias };
    }
    if (LOGGED_MODEL_ID_PATTERN.test(rest)) return { kind: 'logged-model', modelId: rest };
    const parts = rest.split('/');
    if (parts.length !== 2 || !MODEL_NAME.test(parts[0]) || parts[1] === '') {
      throw new InvalidParameterError(
        `Invalid model URI '${uri}': expected models:/<name>/<version|stage> or models:/<name>@<alias>`,
      );
    }
    const [name, selector] = parts;
    if (/^[0-9]+$/.test(selector)) {
      const version = Number(selector);
      if (version < 1) throw new InvalidParameterError(`Invalid model version in '${uri}': versions start at 1`);
      if (version > MAX_MODEL_VERSION)
        throw new InvalidParameterError(`Invalid model version in '${uri}': at most ${MAX_MODEL_VERSION}`);
      return { kind: 'model-version', name, version };
    }
    const stage = normaliseStage(selector);
    if (!stage) {
      throw new InvalidParameterError(
        `Invalid model URI '${uri}': '${selector}' is neither a version number nor a stage (${MODEL_STAGES.join(', ')})`,
      );
    }
    return { kind: 'model-stage', name, stage };
  }
  throw new InvalidParameterError(
    `Unsupported model URI '${uri}': expected runs:/<run_id>/<path>, models:/<name>/<version|stage>, models:/<name>@<alias> or models:/<model_id>`,
  );
}

export function formatModelUri(uri: ModelUri): string {
  switch (uri.kind) {
    case 'run':
      return `runs:/${uri.runId}/${uri.path}`;
    case 'model-version':
      return `models:/${uri.name}/${uri.version}`;
    case 'model-stage':
      return `models:/${uri.name}/${uri.stage}`;
    case 'model-alias':
      return `models:/${uri.name}@${uri.alias}`;
    case 'logged-model':
      return `models:/${uri.modelId}`;
  }
}
