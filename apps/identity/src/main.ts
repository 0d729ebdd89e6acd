import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { authEnabled, secretFromEnv } from '@llmops/authz';
import { loadConfig } from '@llmops/config';
import { serviceNatsTransport, startService } from '@llmops/messaging';
import { createServiceObservability, healthAnswerCheck, startServiceOps } from '@llmops/observability';
import { HealthController } from './health/health.message.controller';
import { IdentityConfig } from './identity.config';
import { bindIdentityEvents, IDENTITY_QUEUE, IdentityModule } from './identity.module';

/** Services mode: one identity replica on NATS and PostgreSQL. */
async function main(): Promise<void> {
  const config = loadConfig(IdentityConfig);
  const transport = serviceNatsTransport({ url: config.NATS_URL, service: IDENTITY_QUEUE });
  const observability = createServiceObservability('identity', { level: config.LOG_LEVEL });
  const app = await startService(
    IdentityModule.forRoot({
      databaseUrl: config.DATABASE_URL,
      authEnabled: authEnabled({ LLMOPS_AUTH: config.LLMOPS_AUTH }),
      adminToken: secretFromEnv('LLMOPS_ADMIN_TOKEN'),
    }),
    transport,
    { queue: IDENTITY_QUEUE, logger: observability.logger, interceptors: [observability.interceptor] },
  );
  bindIdentityEvents(app, transport);
  await startServiceOps(app, observability, {
    port: config.OPS_PORT,
    checks: { database: healthAnswerCheck(() => app.get(HealthController).health()) },
  });
  new Logger('Identity').log(`Identity serving on ${config.NATS_URL} (queue ${IDENTITY_QUEUE})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
