import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@llmops/config';
import { serviceNatsTransport, startService } from '@llmops/messaging';
import { createServiceObservability, healthAnswerCheck, startServiceOps } from '@llmops/observability';
import { HealthController } from './health/health.message.controller';
import { TrackingConfig } from './tracking.config';
import { TRACKING_QUEUE, TrackingModule } from './tracking.module';

/** Services mode: one tracking replica on NATS and PostgreSQL. */
async function main(): Promise<void> {
  const config = loadConfig(TrackingConfig);
  const transport = serviceNatsTransport({ url: config.NATS_URL, service: TRACKING_QUEUE });
  const observability = createServiceObservability('tracking', { level: config.LOG_LEVEL });
  const app = await startService(
    TrackingModule.forRoot({
      databaseUrl: config.DATABASE_URL,
      artifactRoot: config.ARTIFACT_ROOT,
      traceRetention: { maxAgeDays: config.TRACE_RETENTION_DAYS, maxTraces: config.TRACE_RETENTION_MAX_TRACES },
    }),
    transport,
    { queue: TRACKING_QUEUE, logger: observability.logger, interceptors: [observability.interceptor] },
  );
  // Readiness is what the health subject answers (the database), asked of this replica directly.
  await startServiceOps(app, observability, {
    port: config.OPS_PORT,
    checks: { database: healthAnswerCheck(() => app.get(HealthController).health()) },
  });
  new Logger('Tracking').log(`Tracking serving on ${config.NATS_URL} (queue ${TRACKING_QUEUE})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
