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
    expect(needsOfModelUri('extractive')).toEqual([]);
  });
});
