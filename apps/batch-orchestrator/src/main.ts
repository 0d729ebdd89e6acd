import { loadConfig } from '@llmops/config';
import { InProcessBus, startService, TransportConfig } from '@llmops/messaging';
import { BatchOrchestratorConfig } from './batch-orchestrator.config';
import { BatchOrchestratorModule } from './batch-orchestrator.module';
import { BATCH_ORCHESTRATOR_QUEUE } from './index';

/** Services mode: `node tools/run.js apps/batch-orchestrator/src/main.ts` with NATS_URL and DATABASE_URL. */
async function main(): Promise<void> {
  const config = loadConfig(BatchOrchestratorConfig);
  const transport: TransportConfig =
    config.TRANSPORT === 'nats'
      ? { kind: 'nats', url: config.NATS_URL, connectionName: BATCH_ORCHESTRATOR_QUEUE }
      : { kind: 'in-process', bus: new InProcessBus() };
  await startService(BatchOrchestratorModule.forRoot(config, transport), transport, {
    queue: BATCH_ORCHESTRATOR_QUEUE,
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
