import { InvalidParameterError, parseModelUri } from '@llmops/contract';

/**
 * Where a model version may come from: only from artifacts tracking owns, a run's or an MLflow 3
 * logged model's. A source is `runs:/<run_id>/<path>`, `models:/<model_id>`, a served location
 * (`mlflow-artifacts:/...`, which tracking resolves to its owner) or a URI inside the run's artifact
 * location; anything else (local paths, other schemes, traversal, percent-encoded traversal) is
 * refused, so that registering a version can never make the platform serve files from outside the
 * artifact store.
 */
export type SourceKind =
  /** `runs:/`, `models:/<model_id>`, `mlflow-artifacts:/`: resolved by tracking. */
  | { kind: 'tracked'; runId?: string; modelId?: string }
  /** A URI inside the artifact location of the run given with it. */
  | { kind: 'in-run'; runId: string };

const LOGGED_MODEL_URI = /^models:\/(m-[0-9a-f]{32})\/?$/;

export function classifySource(source: string, runId?: string): SourceKind {
  assertNoTraversal(source, 'source');
  const loggedModel = LOGGED_MODEL_URI.exec(source);
  if (loggedModel) return { kind: 'tracked', modelId: loggedModel[1], runId };
  if (source.startsWith('runs:/')) {
    const ref = parseSource(source, runId);
    return { kind: 'tracked', runId: ref.runId };
  }
  if (/^mlflow-artifacts:/i.test(source)) return { kind: 'tracked', runId };
  return { kind: 'in-run', runId: parseSource(source, runId).runId };
}

export interface SourceRef {
  runId: string;
  /** Path relative to the run's artifact root (`runs:/` sources), or null until the root is known. */
  relativePath: string | null;
}

export function parseSource(source: string, runId?: string): SourceRef {
  assertNoTraversal(source, 'source');
  if (source.startsWith('runs:/')) {
    const uri = parseModelUri(source);
    if (uri.kind !== 'run') throw new InvalidParameterError(`Invalid source '${source}'`);
    if (runId !== undefined && runId !== uri.runId) {
      throw new InvalidParameterError(`run_id '${runId}' does not match the run of source '${source}'`);
    }
    return { runId: uri.runId, relativePath: checkRelativePath(uri.path, source) };
  }
  if (runId === undefined) {
    throw new InvalidParameterError(
      `Invalid source '${source}': use runs:/<run_id>/<path>, or give run_id with a URI inside that run's artifacts`,
    );
  }
  return { runId, relativePath: null };
}

/** The concrete storage location of a source, given the run's artifact root as tracking reports it. */
export function storageLocationOf(source: string, ref: SourceRef, artifactRoot: string): string {
  const root = artifactRoot.replace(/\/+$/, '');
  let relative = ref.relativePath;
  if (relative === null) {
    if (source !== root && !source.startsWith(`${root}/`)) {
      throw new InvalidParameterError(
        `Source '${source}' is outside the artifact location of run '${ref.runId}' (${root})`,
      );
    }
    const rest = source.slice(root.length).replace(/^\/+/, '').replace(/\/+$/, '');
    relative = rest === '' ? '' : checkRelativePath(rest, source);
  }
  return relative === '' ? root : `${root}/${relative}`;
}

/** A safe path below a root: no absolute path, no `.`/`..` segment (even encoded), no backslash. */
export function checkRelativePath(path: string, context: string = path): string {
  const trimmed = path.replace(/\/+$/, '');
  const decoded = fullyDecode(trimmed, context);
  if (trimmed === '' || trimmed.startsWith('/') || decoded.startsWith('/')) {
    throw new InvalidParameterError(`Invalid artifact path in '${context}': must be relative and non-empty`);
  }
  if (/[\\\0]/.test(decoded) || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(decoded)) {
    throw new InvalidParameterError(`Invalid artifact path in '${context}'`);
  }
  for (const segment of decoded.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw new InvalidParameterError(
        `Invalid artifact path in '${context}': '.', '..' and empty segments are refused`,
      );
    }
  }
  return trimmed;
}

function assertNoTraversal(value: string, field: string): void {
  const decoded = fullyDecode(value, value);
  if (/[\\\0]/.test(decoded) || decoded.split('/').some((s) => s === '..' || s === '.')) {
    throw new InvalidParameterError(`Invalid ${field} '${value}': path traversal is refused`);
  }
}

/** Percent-decodes until stable, so that `%252e%252e` cannot hide a `..`. */
function fullyDecode(value: string, context: string): string {
  let current = value;
  for (let i = 0; i < 5; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      throw new InvalidParameterError(`Invalid percent-encoding in '${context}'`);
    }
    if (next === current) return current;
    current = next;
  }
  throw new InvalidParameterError(`Too deeply percent-encoded: '${context}'`);
}
