import { safeArtifactPath } from '@llmops/artifacts';
import {
  BUILTIN_EXTRACTIVE_MODEL_URI,
  InvalidParameterError,
  Permission,
  ResourceKind,
  Role,
  normaliseStage,
  TRACE_SEARCH_LIMITS,
  parseModelUri,
} from '@llmops/contract';
import { RequestFields, requestFields } from '../http/request-fields';
import { experimentOfStartV3, experimentsOfSearchV3 } from '../mlflow/traces/mlflow-traces.mappers';

/** What a request needs on one resource; `run`, `logged_model` and `trace` are checked on their experiment. */
export interface ResourceNeed {
  kind: ResourceKind | 'run' | 'logged_model' | 'trace';
  /** Undefined when the request does not name it (the handler then refuses the request itself). */
  id: string | undefined;
  permission: Exclude<Permission, 'NONE'>;
}

/** Checks made after the service answered (search results filtered, an answer only readable ones see). */
export type AfterCheck =
  | { filter: 'experiments' | 'runs' | 'registered_models' | 'model_versions' }
  | { readExperimentOfAnswer: true };

export interface RoutePolicy {
  role: Role;
  needs: ResourceNeed[];
  /** The caller gets MANAGE on what the request creates. */
  owns?: 'experiment' | 'registered_model';
  after?: AfterCheck;
  /** A stage transition: audited as a promotion / gate override when it succeeds. */
  transition?: {
    name: string | undefined;
    version: string | undefined;
    stage: string;
    override: boolean;
    reason?: string;
  };
}

/**
 * The parts of an HTTP request a policy reads. Rules never read `query` or `body` directly: `from`
 * and `fieldsOf` give the fields the handler reads (`requestFields`: the query on GET/HEAD, the
 * body on POST/PUT/PATCH, both on DELETE), so a check can never be made on another value.
 */
export interface PolicyRequest {
  method: string;
  /** The matched route pattern, e.g. `/api/v1/runs/:runId/artifacts/*path`. */
  route: string;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  /** Lower-cased header names (OTLP's experiment travels in `x-mlflow-experiment-id`). */
  headers?: Record<string, unknown>;
}

type Rule = [method: string, route: RegExp, policy: (r: PolicyRequest) => RoutePolicy];

/** HEAD is served by the GET handler: it is decided by the GET rule. */
const methodOf = (r: PolicyRequest) => (r.method === 'HEAD' ? 'GET' : r.method);

/** The request's fields exactly as the handler reads them. */
export const fieldsOf = (r: PolicyRequest): RequestFields => requestFields(methodOf(r), r.query, r.body);

/**
 * One id: a non-empty string (a number is read as its text, as the services do). A list or an
 * object is refused rather than read as its first element, which the handler would not do.
 */
const single = (key: string, v: unknown): string | undefined => {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw new InvalidParameterError(
    Array.isArray(v)
      ? `Parameter '${key}' is given more than once; give it once`
      : `Parameter '${key}' must be a string`,
  );
};

/**
 * The first of `keys` that is present (neither undefined nor null), as the handlers' `a ?? b`
 * reads them (`run_id ?? run_uuid`): an empty value stops the search, it does not fall through.
 */
export const field = (o: unknown, ...keys: string[]): string | undefined => {
  if (typeof o !== 'object' || o === null) return undefined;
  for (const k of keys) {
    const v = (o as Record<string, unknown>)[k];
    if (v !== undefined && v !== null) return single(k, v);
  }
  return undefined;
};

/** A route parameter when the route has it (the URL wins in every handler), else the request's field. */
export const from = (r: PolicyRequest, ...keys: string[]) => field(r.params, ...keys) ?? field(fieldsOf(r), ...keys);

const exp = (id: string | undefined, permission: ResourceNeed['permission']): ResourceNeed => ({
  kind: 'experiment',
  id,
  permission,
});
const run = (id: string | undefined, permission: ResourceNeed['permission']): ResourceNeed => ({
  kind: 'run',
  id,
  permission,
});
const loggedModel = (id: string | undefined, permission: ResourceNeed['permission']): ResourceNeed => ({
  kind: 'logged_model',
  id,
  permission,
});
const trace = (id: string | undefined, permission: ResourceNeed['permission']): ResourceNeed => ({
  kind: 'trace',
  id,
  permission,
});
const model = (id: string | undefined, permission: ResourceNeed['permission']): ResourceNeed => ({
  kind: 'registered_model',
  id,
  permission,
});
const policy = (role: Role, needs: ResourceNeed[] = [], extra: Partial<RoutePolicy> = {}): RoutePolicy => ({
  role,
  needs,
  ...extra,
});

/**
 * `models:/<name>/...` or `models:/<name>@alias` to a model need; `runs:/<id>/...` to a run need;
 * `models:/<model_id>` to a logged model need; parsed by the contract's parser, the one the registry and inference resolve the URI with.
 */
export function needsOfModelUri(uri: string | undefined): ResourceNeed[] {
  if (!uri || uri === BUILTIN_EXTRACTIVE_MODEL_URI) return [];
  const parsed = parseModelUri(uri);
  if (parsed.kind === 'run') return [run(parsed.runId, 'READ')];
  // MLflow 3's `models:/<model_id>`: a logged model, checked on its experiment.
  if (parsed.kind === 'logged-model') return [loggedModel(parsed.modelId, 'READ')];
  return [model(parsed.name, 'READ')];
}

/**
 * The path of MLflow's artifact proxy names an experiment and its owner of the files:
 * `<experiment_id>/<run_id>/artifacts/...` or `<experiment_id>/models/<model_id>/artifacts/...`,
 * normalised as the handler normalises it (`safeArtifactPath`), so both read the same experiment and
 * owner. Tracking refuses a path whose owner is not in that experiment, so these are the bytes' owners.
 */
function mlflowArtifactNeeds(path: string | undefined, permission: ResourceNeed['permission']): ResourceNeed[] {
  const segments = safeArtifactPath(path ?? '').split('/');
  const experiment = exp(segments[0] || undefined, permission);
  if (segments[1] === 'models') return [experiment, loggedModel(segments[2] || undefined, permission)];
  if (segments[1] === 'traces') return [experiment, trace(segments[2] || undefined, permission)];
  return [experiment, ...(segments[1] ? [run(segments[1], permission)] : [])];
}

function transitionPolicy(r: PolicyRequest): RoutePolicy {
  const body = fieldsOf(r);
  const stage = field(body, 'stage') ?? '';
  const override = body.override === true || (typeof body.override_reason === 'string' && body.override_reason !== '');
  const name = from(r, 'name');
  // The stage as the registry will read it (trimmed, any case): `"PRODUCTION "` is Production.
  const production = normaliseStage(stage) === 'Production';
  return policy(production || override ? 'approver' : 'developer', [model(name, 'EDIT')], {
    transition: {
      name,
      version: from(r, 'version'),
      stage: normaliseStage(stage) ?? stage,
      override,
      reason: field(body, 'override_reason', 'reason'),
    },
  });
}

const ML = String.raw`^/(?:ajax-)?api/2\.0/mlflow/`;
const ML3 = String.raw`^/(?:ajax-)?api/3\.0/mlflow/`;
const ML23 = String.raw`^/(?:ajax-)?api/[23]\.0/mlflow/`;
const re = (s: string) => new RegExp(s + '$');

/**
 * Who may call which route: a role (each includes the ones below it) and, as MLflow's auth layer
 * does, a permission on the experiment or registered model the request names. The first matching
 * rule applies; a route with no rule is admin-only (deny by default), which a unit test checks.
 */
const RULES: Rule[] = [
  // Identity administration.
  ['*', re('^/api/v1/(tokens|users|permissions|audit)(/.*)?'), () => policy('admin')],
  // The caller's own identity (the dashboard's sign-in).
  ['GET', re('^/api/v1/me'), () => policy('viewer')],
  // The services' readiness with their failure messages (/readyz, for signed-in users).
  ['GET', re('^/api/v1/health'), () => policy('viewer')],

  // Platform REST: experiments.
  ['POST', re('^/api/v1/experiments'), () => policy('developer', [], { owns: 'experiment' })],
  ['GET', re('^/api/v1/experiments'), () => policy('viewer', [], { after: { filter: 'experiments' } })],
  ['POST', re('^/api/v1/experiments/search'), () => policy('viewer', [], { after: { filter: 'experiments' } })],
  [
    'GET',
    re('^/api/v1/experiments/by-name/:name'),
    () => policy('viewer', [], { after: { readExperimentOfAnswer: true } }),
  ],
  ['GET', re('^/api/v1/experiments/:experimentId'), (r) => policy('viewer', [exp(from(r, 'experimentId'), 'READ')])],
  [
    'DELETE',
    re('^/api/v1/experiments/:experimentId'),
    (r) => policy('developer', [exp(from(r, 'experimentId'), 'MANAGE')]),
  ],
  [
    '*',
    re('^/api/v1/experiments/:experimentId(/.*)?'),
    (r) => policy('developer', [exp(from(r, 'experimentId'), 'EDIT')]),
  ],

  // Platform REST: runs, predictions, artifacts.
  ['POST', re('^/api/v1/runs'), (r) => policy('developer', [exp(from(r, 'experiment_id') ?? '0', 'EDIT')])],
  ['POST', re('^/api/v1/runs/search'), () => policy('viewer', [], { after: { filter: 'runs' } })],
  ['GET', re('^/api/v1/runs/:runId(/.*)?'), (r) => policy('viewer', [run(from(r, 'runId'), 'READ')])],
  ['DELETE', re('^/api/v1/runs/:runId'), (r) => policy('developer', [run(from(r, 'runId'), 'MANAGE')])],
  ['*', re('^/api/v1/runs/:runId(/.*)?'), (r) => policy('developer', [run(from(r, 'runId'), 'EDIT')])],
  ['GET', re('^/api/v1/logged-models/:modelId'), (r) => policy('viewer', [loggedModel(from(r, 'modelId'), 'READ')])],
  [
    'PATCH',
    re('^/api/v1/logged-models/:modelId'),
    (r) => policy('developer', [loggedModel(from(r, 'modelId'), 'EDIT')]),
  ],

  // MLflow tracking.
  ['POST', re(ML + 'experiments/create'), () => policy('developer', [], { owns: 'experiment' })],
  ['*', re(ML + 'experiments/search'), () => policy('viewer', [], { after: { filter: 'experiments' } })],
  ['GET', re(ML + 'experiments/get-by-name'), () => policy('viewer', [], { after: { readExperimentOfAnswer: true } })],
  ['GET', re(ML + 'experiments/get'), (r) => policy('viewer', [exp(from(r, 'experiment_id'), 'READ')])],
  ['POST', re(ML + 'experiments/delete'), (r) => policy('developer', [exp(from(r, 'experiment_id'), 'MANAGE')])],
  ['POST', re(ML + 'experiments/.+'), (r) => policy('developer', [exp(from(r, 'experiment_id'), 'EDIT')])],
  ['POST', re(ML + 'runs/create'), (r) => policy('developer', [exp(from(r, 'experiment_id') ?? '0', 'EDIT')])],
  ['POST', re(ML + 'runs/search'), () => policy('viewer', [], { after: { filter: 'runs' } })],
  [
    'GET',
    re(ML + '(runs/get|metrics/get-history|artifacts/list)'),
    (r) => policy('viewer', [run(from(r, 'run_id', 'run_uuid'), 'READ')]),
  ],
  ['POST', re(ML + 'runs/delete'), (r) => policy('developer', [run(from(r, 'run_id', 'run_uuid'), 'MANAGE')])],

  // MLflow 3 logged models: checked on the model's experiment (the URL names the model).
  ['POST', re(ML + 'logged-models'), (r) => policy('developer', [exp(from(r, 'experiment_id'), 'EDIT')])],
  [
    'POST',
    re(ML + 'logged-models/search'),
    (r) =>
      policy(
        'viewer',
        listed(fieldsOf(r), 'experiment_ids').map((id) => exp(id, 'READ')),
      ),
  ],
  ['GET', re(ML + 'logged-models/:modelId(/.*)?'), (r) => policy('viewer', [loggedModel(from(r, 'modelId'), 'READ')])],
  [
    'DELETE',
    re(ML + 'logged-models/:modelId'),
    (r) => policy('developer', [loggedModel(from(r, 'modelId'), 'MANAGE')]),
  ],
  ['*', re(ML + 'logged-models/:modelId(/.*)?'), (r) => policy('developer', [loggedModel(from(r, 'modelId'), 'EDIT')])],

  ['POST', re(ML + 'runs/.+'), (r) => policy('developer', [run(from(r, 'run_id', 'run_uuid'), 'EDIT')])],

  // MLflow traces: a trace is checked on its experiment (the URL or the fields name the trace).
  ['POST', re('^/v1/traces'), (r) => policy('developer', [exp(header(r, 'x-mlflow-experiment-id'), 'EDIT')])],
  ['GET', re('^/version'), () => policy('viewer')],
  ['POST', re(ML3 + 'traces'), (r) => policy('developer', [exp(experimentOfStartV3(r.body), 'EDIT')])],
  ['POST', re(ML + 'traces'), (r) => policy('developer', [exp(from(r, 'experiment_id'), 'EDIT')])],
  [
    'POST',
    re(ML3 + 'traces/search'),
    (r) =>
      policy(
        'viewer',
        requiredList(experimentsOfSearchV3(r.body)).map((id) => exp(id, 'READ')),
      ),
  ],
  [
    'GET',
    re(ML + 'traces'),
    (r) =>
      policy(
        'viewer',
        requiredList(listed(fieldsOf(r), 'experiment_ids')).map((id) => exp(id, 'READ')),
      ),
  ],
  ['GET', re(ML3 + 'traces/get'), (r) => policy('viewer', [trace(from(r, 'trace_id'), 'READ')])],
  [
    'GET',
    re(ML3 + 'traces/batchGet'),
    (r) =>
      policy(
        'viewer',
        atMost(listed(fieldsOf(r), 'trace_ids'), TRACE_SEARCH_LIMITS.maxBatchGet, 'trace ids').map((id) =>
          trace(id, 'READ'),
        ),
      ),
  ],
  ['POST', re(ML23 + 'traces/delete-traces'), (r) => policy('developer', [exp(from(r, 'experiment_id'), 'MANAGE')])],
  [
    'GET',
    re(ML3 + 'traces/:traceId(/assessments/:assessmentId)?'),
    (r) => policy('viewer', [trace(from(r, 'traceId'), 'READ')]),
  ],
  ['GET', re(ML + 'traces/:traceId/info'), (r) => policy('viewer', [trace(from(r, 'traceId'), 'READ')])],
  ['PATCH', re(ML + 'traces/:traceId'), (r) => policy('developer', [trace(from(r, 'traceId'), 'EDIT')])],
  ['*', re(ML23 + 'traces/:traceId/tags'), (r) => policy('developer', [trace(from(r, 'traceId'), 'EDIT')])],
  [
    '*',
    re(ML3 + 'traces/:traceId/assessments(/:assessmentId)?'),
    (r) => policy('developer', [trace(from(r, 'traceId'), 'EDIT')]),
  ],

  // MLflow artifact proxy: the path names the experiment and the run.
  [
    'GET',
    re(String.raw`^/(?:ajax-)?api/2\.0/mlflow-artifacts/artifacts`),
    (r) => policy('viewer', mlflowArtifactNeeds(from(r, 'path'), 'READ')),
  ],
  [
    'GET',
    re(String.raw`^/(?:ajax-)?api/2\.0/mlflow-artifacts/artifacts/\*path`),
    (r) => policy('viewer', mlflowArtifactNeeds(pathParam(r), 'READ')),
  ],
  [
    'PUT',
    re(String.raw`^/(?:ajax-)?api/2\.0/mlflow-artifacts/artifacts/\*path`),
    (r) => policy('developer', mlflowArtifactNeeds(pathParam(r), 'EDIT')),
  ],
  [
    'DELETE',
    re(String.raw`^/(?:ajax-)?api/2\.0/mlflow-artifacts/artifacts/\*path`),
    (r) => policy('developer', mlflowArtifactNeeds(pathParam(r), 'MANAGE')),
  ],
  [
    'POST',
    re(String.raw`^/(?:ajax-)?api/2\.0/mlflow-artifacts/mpu/(create|complete|abort)/\*path`),
    (r) => policy('developer', mlflowArtifactNeeds(pathParam(r), 'EDIT')),
  ],
  // Reached without a caller (credentials.ts): authorised by the part token its create answered.
  [
    'PUT',
    re(String.raw`^/(?:ajax-)?api/2\.0/mlflow-artifacts/mpu/upload-part/:uploadId/:partNumber/\*path`),
    () => policy('developer'),
  ],

  // MLflow model registry.
  ['POST', re(ML + 'registered-models/create'), () => policy('developer', [], { owns: 'registered_model' })],
  ['GET', re(ML + 'registered-models/search'), () => policy('viewer', [], { after: { filter: 'registered_models' } })],
  ['GET', re(ML + 'model-versions/search'), () => policy('viewer', [], { after: { filter: 'model_versions' } })],
  [
    '*',
    re(ML + '(registered-models/(get|get-latest-versions)|model-versions/(get|get-download-uri))'),
    (r) => policy('viewer', [model(from(r, 'name'), 'READ')]),
  ],
  ['GET', re(ML + 'registered-models/alias'), (r) => policy('viewer', [model(from(r, 'name'), 'READ')])],
  ['DELETE', re(ML + 'registered-models/delete'), (r) => policy('developer', [model(from(r, 'name'), 'MANAGE')])],
  ['POST', re(ML + 'model-versions/transition-stage'), transitionPolicy],
  [
    'POST',
    re(ML + 'model-versions/create'),
    (r) => policy('developer', [model(from(r, 'name'), 'EDIT'), ...runNeed(r)]),
  ],
  ['*', re(ML + '(registered-models|model-versions)/.+'), (r) => policy('developer', [model(from(r, 'name'), 'EDIT')])],

  // Platform REST: registry, resolution, inference, batch.
  ['POST', re('^/api/v1/registered-models'), () => policy('developer', [], { owns: 'registered_model' })],
  ['GET', re('^/api/v1/registered-models'), () => policy('viewer', [], { after: { filter: 'registered_models' } })],
  // A search within one model: the versions search is constrained by what the caller may read too.
  [
    'GET',
    re('^/api/v1/registered-models/:name/versions'),
    (r) => policy('viewer', [model(from(r, 'name'), 'READ')], { after: { filter: 'model_versions' } }),
  ],
  ['GET', re('^/api/v1/registered-models/:name(/.*)?'), (r) => policy('viewer', [model(from(r, 'name'), 'READ')])],
  ['DELETE', re('^/api/v1/registered-models/:name'), (r) => policy('developer', [model(from(r, 'name'), 'MANAGE')])],
  ['POST', re('^/api/v1/registered-models/:name/versions/:version/stage'), transitionPolicy],
  // The gate policy decides what reaches Production: storing one is an approver's call.
  [
    'PUT',
    re('^/api/v1/registered-models/:name/gate-policy'),
    (r) => policy('approver', [model(from(r, 'name'), 'EDIT')]),
  ],
  [
    'POST',
    re('^/api/v1/registered-models/:name/versions'),
    (r) => policy('developer', [model(from(r, 'name'), 'EDIT'), ...runNeed(r)]),
  ],
  ['*', re('^/api/v1/registered-models/:name(/.*)?'), (r) => policy('developer', [model(from(r, 'name'), 'EDIT')])],
  ['GET', re('^/api/v1/models/resolve'), (r) => policy('viewer', needsOfModelUri(from(r, 'uri')))],
  ['POST', re('^/api/v1/summarize'), (r) => policy('developer', needsOfModelUri(from(r, 'model_uri')))],
  // Batch: the request's model is checked here; datasets, tables and jobs are checked by the batch
  // orchestrator on the canonical names its location resolver gives (only it knows the data roots,
  // and a name is only a resource id once resolved), with the caller this request carries.
  ['POST', re('^/api/v1/batch-jobs'), (r) => policy('developer', batchNeeds(r))],
  ['GET', re('^/api/v1/batch-jobs(/.*)?'), () => policy('viewer')],
  ['PUT', re(String.raw`^/api/v1/datasets/\*name`), () => policy('developer')],
  ['DELETE', re(String.raw`^/api/v1/datasets/\*name`), () => policy('developer')],
  ['GET', re(String.raw`^/api/v1/datasets(/\*name)?`), () => policy('viewer')],
  ['GET', re(String.raw`^/api/v1/tables(/\*name)?`), () => policy('viewer')],
];

/** Every id of a list field (MLflow's repeated fields, e.g. a search's `experiment_ids`), each checked. */
function listed(fields: RequestFields, key: string): string[] {
  const value = (fields as Record<string, unknown>)[key];
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value])
    .map((v) => field({ [key]: v }, key))
    .filter((v): v is string => v !== undefined);
}

/** A header's value, as the handler reads it (`@Headers(name)`). */
function header(r: PolicyRequest, name: string): string | undefined {
  return field(r.headers ?? {}, name);
}

/** A search must name its experiments: an empty list is refused here, not read as "all". */
function requiredList(ids: string[]): string[] {
  if (ids.length === 0) throw new InvalidParameterError('The request must name at least one experiment');
  return atMost(ids, TRACE_SEARCH_EXPERIMENTS, 'experiments');
}

/** Each id is a permission check: a list is refused past its limit before any is made. */
function atMost(ids: string[], max: number, what: string): string[] {
  if (ids.length > max) throw new InvalidParameterError(`The request names more than ${max} ${what}`);
  return ids;
}

/** As many experiments as a trace search takes (`SearchTracesRequest.experiment_ids`). */
const TRACE_SEARCH_EXPERIMENTS = 1000;

function pathParam(r: PolicyRequest): string | undefined {
  const p = r.params.path;
  return Array.isArray(p) ? p.join('/') : typeof p === 'string' ? p : undefined;
}

function runNeed(r: PolicyRequest): ResourceNeed[] {
  const id = field(fieldsOf(r), 'run_id');
  return id ? [run(id, 'READ')] : [];
}

function batchNeeds(r: PolicyRequest): ResourceNeed[] {
  const name = field(fieldsOf(r), 'modelName');
  return [...(name ? [model(name, 'READ')] : []), ...needsOfModelUri(field(fieldsOf(r), 'modelUri'))];
}

/** The policy of a matched route; admin-only when no rule covers it. */
export function policyOf(request: PolicyRequest): RoutePolicy {
  const requestMethod = methodOf(request);
  for (const [method, route, make] of RULES) {
    if ((method === '*' || method === requestMethod) && route.test(request.route)) return make(request);
  }
  return policy('admin');
}

/**
 * Whether the policy asks for work on the service's answer (AuthorizationInterceptor: the
 * creator's grant, a search's filter, a read check on the answer, a transition's audit).
 */
export function hasAnswerStep(policy: RoutePolicy): boolean {
  return policy.owns !== undefined || policy.after !== undefined || policy.transition !== undefined;
}

/**
 * Whether a route's rule may ask for work on the answer, decided at boot for the route pattern (see
 * answer-checks.ts). The rule is asked with an empty request; one that throws on it counts as
 * asking (attaching the interceptor where it is not needed costs time, never a check).
 */
export function routeMayNeedAnswerStep(method: string, route: string): boolean {
  try {
    return hasAnswerStep(policyOf({ method, route, params: {}, query: {}, body: {}, headers: {} }));
  } catch {
    return true;
  }
}

/** For the test that every route has a rule of its own. */
export function hasRule(method: string, route: string): boolean {
  const requestMethod = method === 'HEAD' ? 'GET' : method;
  return RULES.some(([m, r]) => (m === '*' || m === requestMethod) && r.test(route));
}
