import 'reflect-metadata';
import { loadConfig } from '@llmops/config';
import { InProcessBus, NATS_CONNECTION, serviceNatsTransport, startService, TransportConfig } from '@llmops/messaging';
import {
  createServiceObservability,
  healthAnswerCheck,
  registerCollectedGauge,
  startServiceOps,
} from '@llmops/observability';
import { NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { BatchOrchestratorConfig } from './batch-orchestrator.config';
import { BatchOrchestratorModule } from './batch-orchestrator.module';
import { HealthMessageController } from './health/health.message.controller';
import { BATCH_ORCHESTRATOR_QUEUE } from './index';

/** Services mode: `node tools/run.js apps/batch-orchestrator/src/main.ts` with NATS_URL and DATABASE_URL. */
async function main(): Promise<void> {
  const config = loadConfig(BatchOrchestratorConfig);
  const transport: TransportConfig =
    config.TRANSPORT === 'nats'
      ? serviceNatsTransport({ url: config.NATS_URL, service: BATCH_ORCHESTRATOR_QUEUE })
      : { kind: 'in-process', bus: new InProcessBus() };
  const observability = createServiceObservability('batch-orchestrator');
  const app = await startService(BatchOrchestratorModule.forRoot(config, transport), transport, {
    queue: BATCH_ORCHESTRATOR_QUEUE,
    logger: observability.logger,
    interceptors: [observability.interceptor],
  });
  // The partitions table is the truth of progress (done / dead-lettered / pending), read at scrape time.
  registerCollectedGauge(observability.registry, {
    name: 'llmops_batch_partitions',
    help: 'Partitions of all batch jobs, by state',
    labelNames: ['state'],
    read: async () => {
      const rows: Array<{ state: string; n: number }> = await app
        .get(DataSource)
        .query('SELECT state, count(*)::int AS n FROM batch_partitions GROUP BY state');
      return rows.map((r) => [{ state: r.state }, r.n]);
    },
  });
  registerCollectedGauge(observability.registry, {
    name: 'llmops_batch_queue_pending',
    help: 'Partition tasks waiting in the JetStream work queue (not yet delivered)',
    read: async () => {
      const connection = app.get<NatsConnection | null>(NATS_CONNECTION);
      if (!connection) return 0;
      const info = await (
        await connection.jetstreamManager({ checkAPI: false })
      ).consumers.info(config.BATCH_QUEUE_STREAM, config.BATCH_QUEUE_CONSUMER);
      return info.num_pending;
    },
  });
  await startServiceOps(app, observability, {
    port: config.OPS_PORT,
    checks: { database: healthAnswerCheck(() => app.get(HealthMessageController).health()) },
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
