import { INestMicroservice, LoggerService } from '@nestjs/common';
import { join } from 'node:path';
import { TransportConfig, startService } from '@llmops/messaging';
import { loadConfig } from '@llmops/config';
import { authEnabled, secretFromEnv } from '@llmops/authz';
import { bindIdentityEvents, IdentityModule, IDENTITY_QUEUE } from '@llmops/identity-app';
import { TrackingConfig, TrackingModule, TRACKING_QUEUE } from '@llmops/tracking-app';
import {
  RegistryConfig,
  RegistryModule,
  REGISTRY_QUEUE,
  gateOptionsOf,
  registerRegistryGauges,
} from '@llmops/registry-app';
import { BatchWorkerConfig, InferenceConfig, inferenceOptionsFrom, startInference } from '@llmops/inference-app';
import {
  BatchOrchestratorConfig,
  BatchOrchestratorModule,
  BATCH_ORCHESTRATOR_QUEUE,
  registerBatchGauges,
} from '@llmops/batch-orchestrator-app';

/** The environment every embedded service reads its configuration from (the data directory's places). */
export type EmbeddedEnv = NodeJS.ProcessEnv;

/** One service the embedded platform runs: its name (as in `SUBJECTS`) and how to start it. */
export interface EmbeddedService {
  name: string;
  start(env: EmbeddedEnv, transport: TransportConfig, logger?: LoggerService | false): Promise<INestMicroservice>;
}

/**
 * Every service module available to the embedded mode, in start order. The launcher is the
 * composition root: the only place where several services' modules meet in one process. Adding a
 * service is one entry here; each reads its own config class from the embedded environment.
 */
export const EMBEDDED_SERVICES: EmbeddedService[] = [
  {
    // First: with auth on it refuses to start without an admin (LLMOPS_ADMIN_TOKEN), before anything else runs.
    name: 'identity',
    start: async (env, transport, logger) => {
      const app = await startService(
        IdentityModule.forRoot({
          databaseUrl: env.DATABASE_URL ?? '',
          authEnabled: authEnabled(env),
          adminToken: secretFromEnv('LLMOPS_ADMIN_TOKEN', env),
        }),
        transport,
        { queue: IDENTITY_QUEUE, logger },
      );
      bindIdentityEvents(app, transport);
      return app;
    },
  },
  {
    name: 'tracking',
    start: (env, transport, logger) =>
      startService(TrackingModule.forRoot(loadConfig(TrackingConfig, env)), transport, {
        queue: TRACKING_QUEUE,
        logger,
      }),
  },
  {
    name: 'registry',
    start: async (env, transport, logger) => {
      const config = loadConfig(RegistryConfig, env);
      const app = await startService(
        RegistryModule.forRoot({
          databaseUrl: config.DATABASE_URL,
          transport,
          trackingTimeoutMs: config.TRACKING_TIMEOUT_MS,
          ...gateOptionsOf(config),
        }),
        transport,
        { queue: REGISTRY_QUEUE, logger },
      );
      registerRegistryGauges(app);
      return app;
    },
  },
  {
    name: 'inference',
    start: (env, transport, logger) => {
      const config = loadConfig(InferenceConfig, {
        ...env,
        INFERENCE_CACHE_DIR: env.INFERENCE_CACHE_DIR || join(env.LLMOPS_DATA_DIR ?? '.', 'cache'),
      });
      // The batch worker reads the same data roots as the orchestrator (the embedded environment's).
      const batchWorker = loadConfig(BatchWorkerConfig, env);
      return startInference(
        { ...inferenceOptionsFrom(config), transport, batchWorker },
        logger === false ? false : undefined,
      );
    },
  },
  {
    // After inference: its replicas' batch workers share the bus's in-process work queue.
    name: 'batch',
    start: async (env, transport, logger) => {
      const config = loadConfig(BatchOrchestratorConfig, { ...env, TRANSPORT: 'in-process' });
      const app = await startService(BatchOrchestratorModule.forRoot(config, transport), transport, {
        queue: BATCH_ORCHESTRATOR_QUEUE,
        logger,
      });
      // Partitions by state and the queue's depth on the embedded gateway's /metrics.
      registerBatchGauges(app, config);
      return app;
    },
  },
];
