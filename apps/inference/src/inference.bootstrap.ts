import { INestMicroservice, LoggerService, NestInterceptor } from '@nestjs/common';
import { serviceNatsTransport, startService, TransportConfig } from '@llmops/messaging';
import { InferenceConfig } from './inference.config';
import { InferenceModule } from './inference.module';
import { INFERENCE_QUEUE, InferenceModuleOptions } from './inference.options';
import { InferenceLifecycle } from './lifecycle/inference-lifecycle';

/**
 * Services mode's transport: NATS as the `inference` user, with the credentials in the environment
 * (fails when they are required and missing).
 */
export function inferenceServiceTransport(config: InferenceConfig): TransportConfig {
  return serviceNatsTransport({
    url: config.NATS_URL,
    service: INFERENCE_QUEUE,
    requestTimeoutMs: config.INFERENCE_REQUEST_TIMEOUT_MS,
  });
}

/** Maps the environment's config to module options; the transport is the caller's (embedded mode passes its own). */
export function inferenceOptionsFrom(
  config: InferenceConfig,
  transport: TransportConfig = {
    kind: 'nats',
    url: config.NATS_URL,
    connectionName: INFERENCE_QUEUE,
    requestTimeoutMs: config.INFERENCE_REQUEST_TIMEOUT_MS,
  },
): InferenceModuleOptions {
  return {
    transport,
    cacheDir: config.INFERENCE_CACHE_DIR,
    threads: config.INFERENCE_THREADS,
    maxModels: config.INFERENCE_MAX_MODELS,
    maxBatchArticles: config.INFERENCE_MAX_BATCH,
    batchWaitMs: config.INFERENCE_BATCH_WAIT_MS,
    preloadModelUri: config.INFERENCE_PRELOAD_MODEL_URI || undefined,
    drainTimeoutMs: config.INFERENCE_DRAIN_TIMEOUT_MS,
  };
}

/** Starts one replica in the `inference` queue group (services mode passes its JSON logger and RPC log). */
export function startInference(
  options: InferenceModuleOptions,
  logger?: LoggerService | false,
  interceptors?: NestInterceptor[],
): Promise<INestMicroservice> {
  return startService(InferenceModule.forRoot(options), options.transport, {
    queue: INFERENCE_QUEUE,
    logger,
    interceptors,
  });
}

/**
 * Graceful stop for callers of `app.close()` (tests, the launcher): `close()` alone shuts the
 * transport first, which would drop answers of in-flight requests. SIGTERM already drains.
 */
export async function stopInference(app: INestMicroservice): Promise<void> {
  await app.get(InferenceLifecycle).drain();
  await app.close();
}
