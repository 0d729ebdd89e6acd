import { ConsoleLogger, Logger } from '@nestjs/common';
import { loadConfig } from '@llmops/config';
import { startService, TransportConfig } from '@llmops/messaging';
import { RegistryConfig } from './registry.config';
import { REGISTRY_QUEUE, RegistryModule } from './registry.module';

/** Services mode: one registry replica on NATS and PostgreSQL. */
async function main(): Promise<void> {
  const config = loadConfig(RegistryConfig);
  const transport: TransportConfig = { kind: 'nats', url: config.NATS_URL, connectionName: 'registry' };
  const levels = ['error', 'warn', 'log', 'debug'] as const;
  await startService(
    RegistryModule.forRoot({
      databaseUrl: config.DATABASE_URL,
      transport,
      trackingTimeoutMs: config.TRACKING_TIMEOUT_MS,
    }),
    transport,
    {
      queue: REGISTRY_QUEUE,
      logger: new ConsoleLogger('Registry', { logLevels: [...levels.slice(0, levels.indexOf(config.LOG_LEVEL) + 1)] }),
    },
  );
  new Logger('Registry').log(`Registry serving on ${config.NATS_URL} (queue ${REGISTRY_QUEUE})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
