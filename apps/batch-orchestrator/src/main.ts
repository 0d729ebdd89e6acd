import 'reflect-metadata';
import { loadConfig } from '@llmops/config';
import { InProcessBus, serviceNatsTransport, startService, TransportConfig } from '@llmops/messaging';
import { createServiceObservability, healthAnswerCheck, startServiceOps } from '@llmops/observability';
import { registerBatchGauges } from './observability/batch-gauges';
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
  registerBatchGauges(app, config);
  await startServiceOps(app, observability, {
    port: config.OPS_PORT,
    checks: { database: healthAnswerCheck(() => app.get(HealthMessageController).health()) },
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
