import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import helmet from 'helmet';
import { NestExpressApplication } from '@nestjs/platform-express';
import { RpcClient, TransportConfig } from '@llmops/messaging';
import { ingestionSampleRate } from '@llmops/observability';
import { authEnabled } from '@llmops/authz';
import { AccessCache, attachAnswerChecks, authentication } from '../auth';
import { GatewayConfig, gatewayConfigWith } from '../gateway.config';
import { HttpExceptionFilter } from '../http/http-exception.filter';
import { requestContextBinder, requestObserver } from '../http/request-observer.middleware';
import { HttpMetrics } from '../observability/http-metrics';
import { RequestLogSink, silentRequestLog, stdoutRequestLog } from '../observability/request-log';
import { setupOpenApi } from './openapi';
import { GatewayModule } from './gateway.module';
import { jsonBody } from './json-body.middleware';
import { isArtifactUpload } from './streamed-routes';
import { dashboardAssets, defaultDashboardDir } from '../dashboard/dashboard-assets.middleware';

export interface GatewayAppOptions {
  /** Where request logs go (default: JSON lines on stdout when LOG_REQUESTS is true). */
  requestLog?: RequestLogSink;
  /** Nest's own logger; false silences it (tests). */
  logger?: false;
  /** Node's default process metrics on /metrics (off when several gateways share a process). */
  defaultMetrics?: boolean;
}

/**
 * The gateway as a configured, initialised Nest app (not yet listening): services mode's main.ts,
 * the embedded launcher and the tests all build it here, so they serve exactly the same HTTP API.
 */
export async function createGatewayApp(
  config: Partial<GatewayConfig>,
  transport: TransportConfig,
  options: GatewayAppOptions = {},
): Promise<INestApplication> {
  const settings = gatewayConfigWith(config);
  const metrics = new HttpMetrics({ defaultMetrics: options.defaultMetrics ?? false });
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forRoot(settings, transport, metrics), {
    bodyParser: false,
    logger: options.logger,
  });
  const log = options.requestLog ?? (settings.LOG_REQUESTS === 'true' ? stdoutRequestLog : silentRequestLog);
  app.disable('x-powered-by');
  const trustProxy = settings.TRUST_PROXY ?? process.env.TRUST_PROXY;
  if (trustProxy) app.set('trust proxy', /^[0-9]+$/.test(trustProxy) ? Number(trustProxy) : trustProxy);
  // Security headers; no CSP, which would block the Swagger UI's inline scripts at /docs.
  app.use(helmet({ contentSecurityPolicy: false }));
  app.use(requestObserver(metrics, log, { ingestionSampleRate: ingestionSampleRate() }));
  const authOn = authEnabled(settings.LLMOPS_AUTH !== undefined ? { LLMOPS_AUTH: settings.LLMOPS_AUTH } : process.env);
  // The dashboard's files are public and served before authentication; its data is not.
  app.use(dashboardAssets(dashboardDirOf(settings), { authentication: authOn ? 'on' : 'off' }));
  const corsOrigins = (settings.LLMOPS_CORS_ORIGINS ?? process.env.LLMOPS_CORS_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  // Closed unless origins are listed: browsers elsewhere cannot call the API with a user's token.
  if (corsOrigins.length > 0)
    app.enableCors({ origin: corsOrigins, allowedHeaders: ['Authorization', 'Content-Type'] });
  // Before the body parser: an unauthenticated upload is refused before a byte of it is read.
  app.use(
    authentication(
      app.get(RpcClient),
      {
        enabled: authOn,
        rateLimitPerSecond: Number(settings.RATE_LIMIT_PER_SECOND),
        rateLimitBurst: Number(settings.RATE_LIMIT_BURST),
        authFailureLimit: Number(settings.AUTH_FAILURE_LIMIT),
        authFailureWindowSeconds: Number(settings.AUTH_FAILURE_WINDOW_SECONDS),
      },
      app.get(AccessCache),
    ),
  );
  app.use(jsonBody(settings.BODY_LIMIT, isArtifactUpload));
  app.use(requestContextBinder());
  app.useGlobalFilters(new HttpExceptionFilter());
  setupOpenApi(app);
  app.enableShutdownHooks();
  // Before init, which builds each route's pipeline (interceptors included).
  attachAnswerChecks(app);
  await app.init();
  return app;
}

function dashboardDirOf(settings: GatewayConfig): string | null {
  const configured = settings.DASHBOARD_DIR ?? process.env.DASHBOARD_DIR;
  if (configured === 'off') return null;
  return configured ? configured : defaultDashboardDir();
}
