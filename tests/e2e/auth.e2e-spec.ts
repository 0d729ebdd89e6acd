import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LoggerService } from '@nestjs/common';
import { ErrorCode, RPC_HEADERS, SUBJECTS } from '@llmops/contract';
import { rejectionOf } from '@llmops/messaging';
import { createGatewayApp } from '@llmops/gateway-app';
import { Answer, basic, bearer, call, ML, MODES, Platform, suffix, V1 } from './security/harness';

/**
 * Access control end to end, in both ways to run: deny by default (401), roles (403), per-resource
 * permissions as MLflow's auth layer (creator MANAGE, grants), filtered searches, Basic auth on the
 * MLflow routes, the audit log, token revocation, the services' own checks on the caller header,
 * rate limiting, closed CORS, and no token in any log line.
 */

/** Every log line the platform writes during the suite (Nest loggers, request log, stdout, stderr). */
const logLines: string[] = [];
const captureLogger: LoggerService = {
  log: (...m: unknown[]) => void logLines.push(JSON.stringify(m)),
  error: (...m: unknown[]) => void logLines.push(JSON.stringify(m)),
  warn: (...m: unknown[]) => void logLines.push(JSON.stringify(m)),
  debug: (...m: unknown[]) => void logLines.push(JSON.stringify(m)),
  verbose: (...m: unknown[]) => void logLines.push(JSON.stringify(m)),
};
const requestLog = (entry: unknown) => void logLines.push(JSON.stringify(entry));

const SERVICES = ['identity', 'tracking', 'registry'];

describe.each(MODES)('access control, %s', (_mode, start) => {
  let platform: Platform;
  const adminToken = `admin-${randomBytes(24).toString('hex')}`;
  const admin = bearer(adminToken);
  const s = suffix();
  const names = { dev1: `dev1-${s}`, dev2: `dev2-${s}`, viewer: `viewer-${s}`, approver: `appr-${s}` };
  const secrets: Record<string, string> = {};
  const tokenIds: Record<string, string> = {};
  const as = (who: keyof typeof names) => bearer(secrets[who]);
  const req = (method: string, path: string, auth?: string, body?: unknown) =>
    call(platform.url, method, path, auth, body);
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  const stderrWrite = process.stderr.write.bind(process.stderr);

  beforeAll(async () => {
    process.env.LLMOPS_AUTH = 'on';
    process.env.LLMOPS_ADMIN_TOKEN = adminToken;
    delete process.env.LLMOPS_CORS_ORIGINS;
    // Everything written to stdout/stderr is kept too, for the no-token-in-logs check.
    process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
      logLines.push(String(chunk));
      return (stdoutWrite as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
    process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
      logLines.push(String(chunk));
      return (stderrWrite as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stderr.write;
    platform = await start({ services: SERVICES, logger: captureLogger, requestLog });
    for (const [key, name] of Object.entries(names)) {
      const role = key === 'viewer' ? 'viewer' : key === 'approver' ? 'approver' : 'developer';
      expect((await req('POST', `${V1}/users`, admin, { name, roles: [role] })).status).toBe(201);
      const created = await req('POST', `${V1}/tokens`, admin, { user: name, name: 'e2e' });
      expect(created.status).toBe(201);
      secrets[key] = created.body.secret;
      tokenIds[key] = created.body.token.id;
    }
  });

  afterAll(async () => {
    await platform?.close();
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
    delete process.env.LLMOPS_ADMIN_TOKEN;
  });

  it('is deny by default: 401 without or with a bad token, open health/metrics/docs', async () => {
    for (const path of ['/healthz', '/metrics', '/docs-json']) expect((await req('GET', path)).status).toBe(200);
    const none = await req('GET', `${V1}/experiments`);
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ error_code: ErrorCode.UNAUTHENTICATED, message: expect.any(String) });
    expect((await req('GET', `${V1}/experiments`, bearer('llmops_not-a-token'))).body.error_code).toBe(
      ErrorCode.UNAUTHENTICATED,
    );
    expect((await req('GET', `${ML}/experiments/search`)).status).toBe(401);
    expect((await req('GET', '/no/such/route')).status).toBe(401);
  });

  it('checks roles: a viewer cannot create, only an admin manages tokens and reads the audit log', async () => {
    const refused = await req('POST', `${V1}/experiments`, as('viewer'), { name: `v-${s}` });
    expect(refused.status).toBe(403);
    expect(refused.body.error_code).toBe(ErrorCode.PERMISSION_DENIED);
    expect((await req('GET', `${V1}/tokens`, as('dev1'))).status).toBe(403);
    expect((await req('GET', `${V1}/audit`, as('approver'))).status).toBe(403);
    const tokens = await req('GET', `${V1}/tokens?user=${names.dev1}`, admin);
    expect(tokens.status).toBe(200);
    expect(JSON.stringify(tokens.body)).not.toContain(secrets.dev1);
  });

  let exp1: string;
  let exp2: string;
  let run1: string;

  it('gives the creator MANAGE; another developer needs EDIT to log, and can after a grant', async () => {
    const created = await req('POST', `${V1}/experiments`, as('dev1'), { name: `auth-e1-${s}` });
    expect(created.status).toBe(201);
    exp1 = created.body.experiment_id;
    const run = await req('POST', `${V1}/runs`, as('dev1'), { experiment_id: exp1 });
    expect(run.status).toBe(201);
    run1 = run.body.run.info.run_id;
    expect(
      (await req('POST', `${V1}/runs/${run1}/params`, as('dev1'), { key: 'lr', value: '0.1' })).status,
    ).toBeLessThan(300);

    const other = await req('POST', `${V1}/runs`, as('dev2'), { experiment_id: exp1 });
    expect(other.status).toBe(403);
    expect(other.body.error_code).toBe(ErrorCode.PERMISSION_DENIED);
    expect((await req('POST', `${V1}/runs/${run1}/params`, as('dev2'), { key: 'x', value: '1' })).status).toBe(403);
    expect((await req('GET', `${V1}/runs/${run1}`, as('dev2'))).status).toBe(403);

    const grant = await req('POST', `${V1}/permissions`, admin, {
      user: names.dev2,
      kind: 'experiment',
      resource_id: exp1,
      permission: 'EDIT',
    });
    expect(grant.status).toBe(201);
    expect((await req('POST', `${V1}/runs`, as('dev2'), { experiment_id: exp1 })).status).toBe(201);
    expect((await req('POST', `${V1}/runs/${run1}/params`, as('dev2'), { key: 'x', value: '1' })).status).toBeLessThan(
      300,
    );
    // EDIT is not MANAGE: deleting the experiment stays the creator's.
    expect((await req('DELETE', `${V1}/experiments/${exp1}`, as('dev2'))).status).toBe(403);
  });

  it('filters searches to what the caller may read', async () => {
    exp2 = (await req('POST', `${ML}/experiments/create`, as('dev2'), { name: `auth-e2-${s}` })).body.experiment_id;
    const ids = (a: Answer) => (a.body.experiments ?? []).map((e: { experiment_id: string }) => e.experiment_id);
    const dev1 = await req('GET', `${V1}/experiments?max_results=1000`, as('dev1'));
    expect(ids(dev1)).toContain(exp1);
    expect(ids(dev1)).not.toContain(exp2);
    const dev2 = await req('POST', `${ML}/experiments/search`, as('dev2'), { max_results: 1000 });
    expect(ids(dev2)).toEqual(expect.arrayContaining([exp1, exp2]));
    expect(ids(await req('GET', `${V1}/experiments?max_results=1000`, as('viewer')))).toEqual([]);
    const runs = await req('POST', `${V1}/runs/search`, as('viewer'), { experiment_ids: [exp1] });
    expect(runs.status).toBe(200);
    expect(runs.body.runs ?? []).toEqual([]);
    const readable = await req('POST', `${V1}/runs/search`, as('dev1'), { experiment_ids: [exp1] });
    expect((readable.body.runs ?? []).length).toBeGreaterThan(0);
  });

  it('accepts Basic auth with the token as password on the MLflow routes only', async () => {
    const ok = await req('GET', `${ML}/experiments/get?experiment_id=${exp1}`, basic('anyone', secrets.dev1));
    expect(ok.status).toBe(200);
    expect(ok.body.experiment.experiment_id).toBe(exp1);
    expect(
      (await req('GET', `${ML}/experiments/get?experiment_id=${exp1}`, basic('anyone', secrets.dev2))).status,
    ).toBe(200);
    expect((await req('GET', `${ML}/experiments/get?experiment_id=${exp2}`, basic('x', secrets.dev1))).status).toBe(
      403,
    );
    expect((await req('GET', `${V1}/experiments/${exp1}`, basic('anyone', secrets.dev1))).status).toBe(401);
  });

  const model = `auth-model-${s}`;

  it('needs approver for Production and overrides, audits promotions, overrides, token and permission changes', async () => {
    const created = await req('POST', `${V1}/registered-models`, as('dev1'), { name: model });
    expect(created.status).toBe(201);
    const version = await req('POST', `${ML}/model-versions/create`, as('dev1'), {
      name: model,
      source: `runs:/${run1}/model`,
      run_id: run1,
    });
    expect(version.status).toBe(200);
    const v = version.body.model_version.version;
    const staging = await req('POST', `${ML}/model-versions/transition-stage`, as('dev1'), {
      name: model,
      version: v,
      stage: 'Staging',
    });
    expect(staging.status).toBe(200);
    // Production with a gate override (the platform route; MLflow's carries no override).
    const stagePath = `${V1}/registered-models/${encodeURIComponent(model)}/versions/${v}/stage`;
    const promote = { stage: 'Production', override_reason: 'e2e: hotfix' };
    expect((await req('POST', stagePath, as('dev1'), promote)).status).toBe(403);
    expect(
      (
        await req('POST', `${ML}/model-versions/transition-stage`, as('dev1'), {
          name: model,
          version: v,
          stage: 'Production',
        })
      ).status,
    ).toBe(403);
    // The approver has the role but no permission on this model yet.
    expect((await req('POST', stagePath, as('approver'), promote)).status).toBe(403);
    await req('POST', `${V1}/permissions`, admin, {
      user: names.approver,
      kind: 'registered_model',
      resource_id: model,
      permission: 'EDIT',
    });
    const promoted = await req('POST', stagePath, as('approver'), promote);
    expect(promoted.status).toBe(200);
    expect(promoted.body.model_version.current_stage).toBe('Production');

    const models = await req('GET', `${ML}/registered-models/search?max_results=1000`, as('dev2'));
    expect((models.body.registered_models ?? []).map((m: { name: string }) => m.name)).not.toContain(model);

    const audit = await req('GET', `${V1}/audit?max_results=1000`, admin);
    expect(audit.status).toBe(200);
    const entries = audit.body.entries as {
      actor: string;
      action: string;
      target: string;
      details: Record<string, unknown>;
    }[];
    const target = `registered_model:${model}/${v}`;
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: names.approver, action: 'model.promote', target }),
        expect.objectContaining({ actor: names.approver, action: 'model.gate-override', target }),
        expect.objectContaining({
          actor: 'admin',
          action: 'token.create',
          details: expect.objectContaining({ user: names.dev1 }),
        }),
        expect.objectContaining({ actor: 'admin', action: 'permission.grant', target: `experiment:${exp1}` }),
      ]),
    );
  });

  it('refuses a revoked token, and the revocation is audited', async () => {
    expect((await req('GET', `${V1}/batch-jobs`, as('viewer'))).status).not.toBe(401);
    expect((await req('DELETE', `${V1}/tokens/${tokenIds.viewer}`, admin)).status).toBe(200);
    expect((await req('GET', `${V1}/experiments`, as('viewer'))).status).toBe(401);
    const audit = await req('GET', `${V1}/audit?action=token.revoke&max_results=1000`, admin);
    expect(audit.body.entries.map((e: { target: string }) => e.target)).toContain(`token:${tokenIds.viewer}`);
  });

  it('the owning services check the caller header themselves', async () => {
    const developer = JSON.stringify({ user: names.dev1, roles: ['developer'] });
    const viewer = JSON.stringify({ user: names.viewer, roles: ['viewer'] });
    const promote = platform.rpc.request(
      SUBJECTS.registry.versions.transitionStage,
      { name: model, version: '1', stage: 'Production', override: true, reason: 'x' },
      { headers: { [RPC_HEADERS.caller]: developer } },
    );
    expect((await rejectionOf(promote)).code).toBe(ErrorCode.PERMISSION_DENIED);
    const write = platform.rpc.request(
      SUBJECTS.tracking.runs.logParam,
      { run_id: run1, key: 'k', value: 'v' },
      { headers: { [RPC_HEADERS.caller]: viewer } },
    );
    expect((await rejectionOf(write)).code).toBe(ErrorCode.PERMISSION_DENIED);
    const read = await platform.rpc.request(
      SUBJECTS.tracking.runs.get,
      { run_id: run1 },
      { headers: { [RPC_HEADERS.caller]: viewer } },
    );
    expect(read).toHaveProperty('run');
  });

  it('limits the rate per token (429) and keeps CORS closed', async () => {
    const limited = await createGatewayApp(
      { LLMOPS_AUTH: 'on', RATE_LIMIT_PER_SECOND: 0.001, RATE_LIMIT_BURST: 2, LOG_REQUESTS: 'false' },
      platform.transport,
      {},
    );
    await limited.listen(0, '127.0.0.1');
    try {
      const url = `http://127.0.0.1:${(limited.getHttpServer().address() as { port: number }).port}`;
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await call(url, 'GET', `${V1}/batch-jobs`, as('dev1'))).status);
      const last = await call(url, 'GET', `${V1}/batch-jobs`, as('dev1'));
      expect(statuses.slice(0, 2).every((st) => st !== 429)).toBe(true);
      expect(last.status).toBe(429);
      expect(last.body.error_code).toBe(ErrorCode.REQUEST_LIMIT_EXCEEDED);
      // Another token has its own bucket.
      expect((await call(url, 'GET', `${V1}/batch-jobs`, as('dev2'))).status).not.toBe(429);
    } finally {
      await limited.close();
    }
    const preflight = await call(platform.url, 'OPTIONS', `${V1}/experiments`, undefined, undefined, {
      origin: 'https://evil.example',
      'access-control-request-method': 'GET',
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses every path trick on every route a path reaches a file through', async () => {
    const secret = `top-secret-${s}`;
    writeFileSync(join(platform.root, 'secret.txt'), secret);
    // The run's artifacts live in <root>/artifacts/<exp>/<run>/artifacts: four levels below the secret.
    const tricks = [
      '../../../../secret.txt',
      '..%5C..%5C..%5C..%5Csecret.txt',
      '%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret.txt',
      '%252e%252e%252f%252e%252e%252f%252e%252e%252f%252e%252e%252fsecret.txt',
      '..;/..;/..;/..;/secret.txt',
      '..%3B/..%3B/..%3B/..%3B/secret.txt',
      '%2Fetc%2Fpasswd',
      'file%3A%2F%2F%2Fetc%2Fpasswd',
      'sub/../../../../../secret.txt',
    ];
    const m = `tricks-${s}`;
    await req('POST', `${V1}/registered-models`, admin, { name: m });
    const routes: [string, (t: string) => Promise<Answer>][] = [
      ['GET run artifact', (t) => req('GET', `${V1}/runs/${run1}/artifacts/${t}`, admin)],
      ['PUT run artifact', (t) => call(platform.url, 'PUT', `${V1}/runs/${run1}/artifacts/${t}`, admin, 'PWNED')],
      ['GET run artifact list', (t) => req('GET', `${V1}/runs/${run1}/artifacts?path=${t}`, admin)],
      [
        'GET mlflow-artifacts',
        (t) => req('GET', `/api/2.0/mlflow-artifacts/artifacts/${exp1}/${run1}/artifacts/${t}`, admin),
      ],
      [
        'PUT mlflow-artifacts',
        (t) =>
          call(
            platform.url,
            'PUT',
            `/api/2.0/mlflow-artifacts/artifacts/${exp1}/${run1}/artifacts/${t}`,
            admin,
            'PWNED',
          ),
      ],
      [
        'GET mlflow-artifacts list',
        (t) => req('GET', `/api/2.0/mlflow-artifacts/artifacts?path=${exp1}/${run1}/artifacts/${t}`, admin),
      ],
      ['GET mlflow artifacts/list', (t) => req('GET', `${ML}/artifacts/list?run_id=${run1}&path=${t}`, admin)],
      [
        'POST model version source',
        (t) =>
          req('POST', `${ML}/model-versions/create`, admin, {
            name: m,
            source: `runs:/${run1}/${decodeURIComponent(t)}`,
            run_id: run1,
          }),
      ],
      [
        'POST model version local source',
        (t) => req('POST', `${V1}/registered-models/${m}/versions`, admin, { source: decodeURIComponent(t) }),
      ],
    ];
    const accepted: string[] = [];
    for (const [route, send] of routes) {
      for (const trick of tricks) {
        const answer = await send(trick);
        const text = JSON.stringify(answer.body ?? '');
        if (answer.status < 400 || text.includes(secret) || text.includes('root:x:0:0')) {
          accepted.push(`${route} ${trick} -> ${answer.status} ${text.slice(0, 120)}`);
        }
      }
    }
    expect(accepted).toEqual([]);
    expect(readFileSync(join(platform.root, 'secret.txt'), 'utf8')).toBe(secret);
  });

  it('never writes a token in a log line', () => {
    expect(logLines.length).toBeGreaterThan(0);
    const all = logLines.join('\n');
    for (const secret of [adminToken, ...Object.values(secrets)]) expect(all).not.toContain(secret);
  });
});
