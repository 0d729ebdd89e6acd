import { ConsoleLogger, Logger } from '@nestjs/common';
import { loadConfig } from '@llmops/config';
import { startService, TransportConfig } from '@llmops/messaging';
import { TrackingConfig } from './tracking.config';
import { TRACKING_QUEUE, TrackingModule } from './tracking.module';

/** Services mode: one tracking replica on NATS and PostgreSQL. */
async function main(): Promise<void> {
  const config = loadConfig(TrackingConfig);
  const transport: TransportConfig = { kind: 'nats', url: config.NATS_URL, connectionName: 'tracking' };
  const levels = ['error', 'warn', 'log', 'debug'] as const;
  await startService(
    TrackingModule.forRoot({ databaseUrl: config.DATABASE_URL, artifactRoot: config.ARTIFACT_ROOT }),
    transport,
    {
      queue: TRACKING_QUEUE,
      logger: new ConsoleLogger('Tracking', { logLevels: [...levels.slice(0, levels.indexOf(config.LOG_LEVEL) + 1)] }),
    },
  );
  new Logger('Tracking').log(`Tracking serving on ${config.NATS_URL} (queue ${TRACKING_QUEUE})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
