import { ErrorCode } from '@llmops/contract';
import { InProcessBus } from '@llmops/messaging';
import { createGatewayApp } from '../app/create-gateway-app';
import { hasRule, needsOfModelUri, policyOf } from './route-policy';

const req = (method: string, route: string, extra: Partial<Parameters<typeof policyOf>[0]> = {}) =>
  policyOf({ method, route, params: {}, query: {}, body: {}, ...extra });

describe('route policy', () => {
  it('has a rule of its own for every route the gateway serves (nothing falls to the admin-only default by accident)', async () => {
    const app = await createGatewayApp(
      { LOG_REQUESTS: 'false', LLMOPS_AUTH: 'on' },
      { kind: 'in-process', bus: new InProcessBus() },
      { logger: false },
    );
    try {
      const router = app.getHttpAdapter().getInstance().router as {
        stack: { route?: { path: string; methods: Record<string, boolean> } }[];
      };
      const routes = router.stack
        .filter((l) => l.route)
        .flatMap((l) => Object.keys(l.route!.methods).map((m) => [m.toUpperCase(), l.route!.path] as const));
      expect(routes.length).toBeGreaterThan(80);
      const open = /^\/(healthz|readyz|metrics|docs)/;
      const missing = routes.filter(([m, path]) => !open.test(path) && !hasRule(m, path));
      expect(missing).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('asks viewer for reads, developer for writes, admin for identity administration', () => {
    expect(req('GET', '/api/v1/runs/:runId', { params: { runId: 'r1' } })).toMatchObject({
      role: 'viewer',
      needs: [{ kind: 'run', id: 'r1', permission: 'READ' }],
    });
    expect(req('POST', '/api/v1/runs/:runId/params', { params: { runId: 'r1' } })).toMatchObject({
      role: 'developer',
      needs: [{ kind: 'run', id: 'r1', permission: 'EDIT' }],
    });
    expect(req('DELETE', '/api/v1/experiments/:experimentId', { params: { experimentId: '7' } }).needs).toEqual([
      { kind: 'experiment', id: '7', permission: 'MANAGE' },
    ]);
    expect(req('POST', '/api/v1/tokens').role).toBe('admin');
    expect(req('GET', '/api/v1/audit').role).toBe('admin');
    expect(req('GET', '/api/v1/something-new').role).toBe('admin');
  });

  it('needs approver for Production and for any gate override, developer for Staging', () => {
    const mlflow = '/api/2.0/mlflow/model-versions/transition-stage';
    expect(req('POST', mlflow, { body: { name: 'm', version: '1', stage: 'Staging' } }).role).toBe('developer');
    expect(req('POST', mlflow, { body: { name: 'm', version: '1', stage: 'production' } }).role).toBe('approver');
    const rest = '/api/v1/registered-models/:name/versions/:version/stage';
    expect(
      req('POST', rest, { params: { name: 'm', version: '1' }, body: { stage: 'Staging', override_reason: 'x' } }).role,
    ).toBe('approver');
  });

  it('the URL names the resource over the body (a body cannot redirect the check)', () => {
    const p = req('POST', '/api/v1/runs/:runId/params', { params: { runId: 'mine' }, body: { run_id: 'theirs' } });
    expect(p.needs[0].id).toBe('mine');
  });

  it('decides on the fields the handler reads: the query on GET/HEAD, the body on POST, both on DELETE', () => {
    const get = '/api/2.0/mlflow/runs/get';
    expect(req('GET', get, { query: { run_id: 'q' }, body: { run_id: 'b' } }).needs[0].id).toBe('q');
    expect(req('HEAD', get, { query: { run_id: 'q' } })).toMatchObject({ role: 'viewer', needs: [{ id: 'q' }] });
    const create = '/api/2.0/mlflow/runs/create';
    expect(req('POST', create, { query: { experiment_id: 'q' }, body: {} }).needs[0].id).toBe('0');
    expect(req('POST', create, { query: { experiment_id: 'q' }, body: { experiment_id: 'b' } }).needs[0].id).toBe('b');
    const alias = '/api/2.0/mlflow/registered-models/alias';
    expect(req('DELETE', alias, { query: { name: 'q' }, body: { alias: 'a' } }).needs[0].id).toBe('q');
    expect(() => req('DELETE', alias, { query: { name: 'q' }, body: { name: 'b' } })).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_PARAMETER_VALUE }),
    );
  });

  it('reads ids as the handler does: `run_id ?? run_uuid`, and refuses a list or an object rather than guess', () => {
    const get = '/api/2.0/mlflow/runs/get';
    expect(req('GET', get, { query: { run_uuid: 'u' } }).needs[0].id).toBe('u');
    expect(req('GET', get, { query: { run_id: '', run_uuid: 'u' } }).needs[0].id).toBeUndefined();
    const refused = expect.objectContaining({ code: ErrorCode.INVALID_PARAMETER_VALUE });
    expect(() => req('GET', get, { query: { run_id: ['a', 'b'] } })).toThrow(refused);
    const log = '/api/2.0/mlflow/runs/log-parameter';
    expect(() => req('POST', log, { body: { run_id: ['a', 'b'] } })).toThrow(refused);
    expect(() => req('POST', log, { body: { run_id: { $ne: 'x' } } })).toThrow(refused);
    expect(() => req('GET', '/api/v1/models/resolve', { query: { uri: ['models:/a/1', 'models:/b/1'] } })).toThrow(
      refused,
    );
  });

  it('checks the experiment and the run named by an MLflow artifact path', () => {
    const p = req('PUT', '/api/2.0/mlflow-artifacts/artifacts/*path', {
      params: { path: ['3', 'abc', 'artifacts', 'f.txt'] },
    });
    expect(p.needs).toEqual([
      { kind: 'experiment', id: '3', permission: 'EDIT' },
      { kind: 'run', id: 'abc', permission: 'EDIT' },
    ]);
  });

  it('reads model URIs', () => {
    expect(needsOfModelUri('models:/news/Production')).toEqual([
      { kind: 'registered_model', id: 'news', permission: 'READ' },
    ]);
    expect(needsOfModelUri('models:/news@champion')).toEqual([
      { kind: 'registered_model', id: 'news', permission: 'READ' },
    ]);
    expect(needsOfModelUri('runs:/r1/model')).toEqual([{ kind: 'run', id: 'r1', permission: 'READ' }]);
    const id = `m-${'a'.repeat(32)}`;
    expect(needsOfModelUri(`models:/${id}`)).toEqual([{ kind: 'logged_model', id, permission: 'READ' }]);
    expect(needsOfModelUri('extractive')).toEqual([]);
    // Read as the registry reads it (no percent-decoding): the check is on the name it resolves.
    expect(needsOfModelUri('models:/a%62c/1')).toEqual([{ kind: 'registered_model', id: 'a%62c', permission: 'READ' }]);
    expect(() => needsOfModelUri('models:/x')).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_PARAMETER_VALUE }),
    );
  });

  it('normalises an MLflow artifact path as the handler does before naming its experiment and run', () => {
    const p = req('GET', '/api/2.0/mlflow-artifacts/artifacts', { query: { path: './3/./abc/artifacts' } });
    expect(p.needs.map((n) => n.id)).toEqual(['3', 'abc']);
  });

  it('checks traces on their experiment, from where each trace handler reads it', () => {
    const ML3 = '/api/3.0/mlflow/';
    const ML = '/api/2.0/mlflow/';
    // OTLP: the experiment header, exactly what the handler stores under.
    expect(req('POST', '/v1/traces', { headers: { 'x-mlflow-experiment-id': '7' } })).toMatchObject({
      role: 'developer',
      needs: [{ kind: 'experiment', id: '7', permission: 'EDIT' }],
    });
    expect(req('POST', '/v1/traces', { headers: {}, body: { experimentId: '7' } }).needs).toEqual([
      { kind: 'experiment', id: undefined, permission: 'EDIT' },
    ]);
    // StartTraceV3: the trace's location in the body; 2.x StartTrace: experiment_id.
    const start = { trace: { trace_info: { trace_location: { mlflow_experiment: { experiment_id: '3' } } } } };
    expect(req('POST', `${ML3}traces`, { body: start }).needs).toEqual([
      { kind: 'experiment', id: '3', permission: 'EDIT' },
    ]);
    expect(req('POST', `${ML}traces`, { body: { experiment_id: '4' } }).needs).toEqual([
      { kind: 'experiment', id: '4', permission: 'EDIT' },
    ]);
    // Searches: every experiment named; none named is refused rather than read as all.
    const locations = [{ mlflow_experiment: { experiment_id: '1' } }, { mlflow_experiment: { experiment_id: '2' } }];
    expect(req('POST', `${ML3}traces/search`, { body: { locations } }).needs.map((n) => n.id)).toEqual(['1', '2']);
    expect(() => req('POST', `${ML3}traces/search`, { body: { locations: [] } })).toThrow(/at least one experiment/);
    expect(req('GET', `${ML}traces`, { query: { experiment_ids: ['5', '6'] } }).needs.map((n) => n.id)).toEqual([
      '5',
      '6',
    ]);
    // Reads by trace: the URL's or the query's trace, each of a batch.
    expect(req('GET', `${ML3}traces/:traceId`, { params: { traceId: 'tr-a' } }).needs).toEqual([
      { kind: 'trace', id: 'tr-a', permission: 'READ' },
    ]);
    expect(req('GET', `${ML3}traces/get`, { query: { trace_id: 'tr-b' } }).needs).toEqual([
      { kind: 'trace', id: 'tr-b', permission: 'READ' },
    ]);
    expect(() => req('GET', `${ML3}traces/get`, { query: { trace_id: ['tr-b', 'tr-c'] } })).toThrow(/more than once/);
    expect(
      req('GET', `${ML3}traces/batchGet`, { query: { trace_ids: ['tr-b', 'tr-c'] } }).needs.map((n) => n.id),
    ).toEqual(['tr-b', 'tr-c']);
    // Each id costs a permission check: too many are refused before any is made.
    const many = Array.from({ length: 101 }, (_, i) => `tr-${i}`);
    expect(() => req('GET', `${ML3}traces/batchGet`, { query: { trace_ids: many } })).toThrow(/more than 100/);
    const experiments = Array.from({ length: 1001 }, (_, i) => ({ mlflow_experiment: { experiment_id: String(i) } }));
    expect(() => req('POST', `${ML3}traces/search`, { body: { locations: experiments } })).toThrow(/more than 1000/);
    // Writes: developer and EDIT on the trace; deleting traces MANAGE on the experiment.
    for (const [method, route] of [
      ['PATCH', `${ML}traces/:traceId`],
      ['PATCH', `${ML}traces/:traceId/tags`],
      ['DELETE', `${ML3}traces/:traceId/tags`],
      ['POST', `${ML3}traces/:traceId/assessments`],
      ['PATCH', `${ML3}traces/:traceId/assessments/:assessmentId`],
      ['DELETE', `${ML3}traces/:traceId/assessments/:assessmentId`],
    ]) {
      expect(req(method, route, { params: { traceId: 'tr-d' } })).toMatchObject({
        role: 'developer',
        needs: [{ kind: 'trace', id: 'tr-d', permission: 'EDIT' }],
      });
    }
    expect(
      req('GET', `${ML3}traces/:traceId/assessments/:assessmentId`, { params: { traceId: 'tr-d' } }),
    ).toMatchObject({ role: 'viewer', needs: [{ kind: 'trace', id: 'tr-d', permission: 'READ' }] });
    expect(req('POST', `${ML}traces/delete-traces`, { body: { experiment_id: '8' } }).needs).toEqual([
      { kind: 'experiment', id: '8', permission: 'MANAGE' },
    ]);
    // The artifact proxy's trace paths: the experiment named and the trace's own.
    expect(
      req('GET', '/api/2.0/mlflow-artifacts/artifacts/*path', {
        params: { path: ['9', 'traces', 'tr-e', 'artifacts', 'traces.json'] },
      }).needs,
    ).toEqual([
      { kind: 'experiment', id: '9', permission: 'READ' },
      { kind: 'trace', id: 'tr-e', permission: 'READ' },
    ]);
  });
});
