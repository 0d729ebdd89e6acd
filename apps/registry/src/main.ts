import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@llmops/config';
import { serviceNatsTransport, startService } from '@llmops/messaging';
import { createServiceObservability, healthAnswerCheck, startServiceOps } from '@llmops/observability';
import { HealthController } from './health/health.message.controller';
import { RegistryConfig, gateOptionsOf } from './registry.config';
import { REGISTRY_QUEUE, RegistryModule } from './registry.module';
import { registerRegistryGauges } from './observability/registry-gauges';

/** Services mode: one registry replica on NATS and PostgreSQL. */
async function main(): Promise<void> {
  const config = loadConfig(RegistryConfig);
  const transport = serviceNatsTransport({ url: config.NATS_URL, service: REGISTRY_QUEUE });
  const observability = createServiceObservability('registry', { level: config.LOG_LEVEL });
  const app = await startService(
    RegistryModule.forRoot({
      databaseUrl: config.DATABASE_URL,
      transport,
      trackingTimeoutMs: config.TRACKING_TIMEOUT_MS,
      ...gateOptionsOf(config),
    }),
    transport,
    { queue: REGISTRY_QUEUE, logger: observability.logger, interceptors: [observability.interceptor] },
  );
  registerRegistryGauges(app);
  // Readiness is what the health subject answers (the database), asked of this replica directly.
  await startServiceOps(app, observability, {
    port: config.OPS_PORT,
    checks: { database: healthAnswerCheck(() => app.get(HealthController).health()) },
  });
  new Logger('Registry').log(`Registry serving on ${config.NATS_URL} (queue ${REGISTRY_QUEUE})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
