import type { ExecutionContext, INestApplication } from '@nestjs/common';
import { ErrorCode, LlmopsError } from '@llmops/contract';
import { InProcessBus } from '@llmops/messaging';
import { createGatewayApp } from '../app/create-gateway-app';
import { INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import { lastValueFrom, Observable, of } from 'rxjs';
import { answerChecks, hasAnswerChecks, routeHandlersOf } from './answer-checks';
import { ANSWER_CHECKS_KEY } from './policy-locals';
import { AccessService } from './access.service';
import { AuthorizationGuard } from './authorization.guard';
import { AuthorizationInterceptor } from './authorization.interceptor';
import { routeMayNeedAnswerStep } from './route-policy';

describe('answer checks attached per route', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createGatewayApp(
      { LOG_REQUESTS: 'false', LLMOPS_AUTH: 'on' },
      { kind: 'in-process', bus: new InProcessBus() },
      { logger: false },
    );
  });
  afterAll(() => app.close());

  const servedRoutes = () => {
    const router = app.getHttpAdapter().getInstance().router as {
      stack: { route?: { path: string; methods: Record<string, boolean> } }[];
    };
    return router.stack
      .filter((l) => l.route)
      .flatMap((l) => Object.keys(l.route!.methods).map((m) => `${m.toUpperCase()} ${l.route!.path}`));
  };

  it('finds every route Express serves, with the path Express serves it on', () => {
    const found = routeHandlersOf(app).flatMap((h) =>
      h.routes.map(([method, path]) => `${method === 'ALL' ? '_ALL' : method} ${path}`),
    );
    // The OpenAPI pages are Swagger's own routes, not a controller's (open, no policy).
    const served = servedRoutes().filter((r) => !/^GET \/docs/.test(r));
    expect(served.length).toBeGreaterThan(80);
    expect([...new Set(found)].sort()).toEqual([...new Set(served)].sort());
  });

  it('runs the interceptor on every handler whose rule may need it, and not on log-metric', () => {
    const handlers = routeHandlersOf(app);
    const missing = handlers
      .filter((h) => h.routes.some(([m, p]) => routeMayNeedAnswerStep(m, p)))
      .filter((h) => !hasAnswerChecks(h.handler))
      .map((h) => h.routes);
    expect(missing).toEqual([]);
    const checked = (method: string, path: string) =>
      hasAnswerChecks(handlers.find((h) => h.routes.some(([m, p]) => m === method && p === path))!.handler);
    expect(checked('POST', '/api/2.0/mlflow/experiments/create')).toBe(true);
    expect(checked('POST', '/api/2.0/mlflow/runs/search')).toBe(true);
    expect(checked('POST', '/api/2.0/mlflow/model-versions/transition-stage')).toBe(true);
    expect(checked('POST', '/api/2.0/mlflow/runs/log-metric')).toBe(false);
    expect(checked('POST', '/api/2.0/mlflow/runs/log-batch')).toBe(false);
  });

  it('stays one app-independent check per handler when several apps are built in one process', async () => {
    const second = await createGatewayApp(
      { LOG_REQUESTS: 'false', LLMOPS_AUTH: 'on' },
      { kind: 'in-process', bus: new InProcessBus() },
      { logger: false },
    );
    await second.close();
    for (const { handler } of routeHandlersOf(app)) {
      const interceptors = (Reflect.getMetadata(INTERCEPTORS_METADATA, handler) as unknown[] | undefined) ?? [];
      expect(interceptors.filter((i) => i === answerChecks).length).toBeLessThanOrEqual(1);
      expect(interceptors.filter((i) => i instanceof AuthorizationInterceptor)).toEqual([]);
    }
  });

  it("runs the interceptor the guard left for the request (its own app's), and nothing without one", async () => {
    const seen: string[] = [];
    const own = { intercept: (_c: unknown, next: { handle: () => unknown }) => (seen.push('own'), next.handle()) };
    const contextWith = (locals: Record<string, unknown>) =>
      ({
        getType: () => 'http',
        switchToHttp: () => ({ getResponse: () => ({ locals }) }),
      }) as unknown as ExecutionContext;
    const next = { handle: () => of('answer') };
    expect(
      await lastValueFrom(
        answerChecks.intercept(contextWith({ [ANSWER_CHECKS_KEY]: own }), next) as Observable<unknown>,
      ),
    ).toBe('answer');
    expect(await lastValueFrom(answerChecks.intercept(contextWith({}), next) as Observable<unknown>)).toBe('answer');
    expect(seen).toEqual(['own']);
  });
});

describe('AuthorizationGuard without the answer checks', () => {
  const contextFor = (path: string, handler: (...args: unknown[]) => unknown): ExecutionContext => {
    const res = { locals: { caller: { user: 'admin', roles: ['admin'] } } };
    const req = {
      method: 'POST',
      baseUrl: '',
      route: { path },
      path,
      originalUrl: path,
      params: {},
      query: {},
      body: {},
      headers: {},
      res,
    };
    return {
      getType: () => 'http',
      getHandler: () => handler,
      switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
    } as unknown as ExecutionContext;
  };
  const guard = new AuthorizationGuard({} as AccessService, new AuthorizationInterceptor({} as AccessService));

  it('refuses (500) a request whose policy needs its answer checked on a handler without the interceptor', async () => {
    const error = await guard.canActivate(contextFor('/api/2.0/mlflow/experiments/create', function create() {})).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LlmopsError);
    expect((error as LlmopsError).code).toBe(ErrorCode.INTERNAL_ERROR);
  });

  it('lets a route whose policy needs nothing on the answer through without it', async () => {
    await expect(
      guard.canActivate(contextFor('/api/2.0/mlflow/runs/log-metric', function logMetric() {})),
    ).resolves.toBe(true);
  });
});
