import { INestMicroservice, LoggerService, NestInterceptor } from '@nestjs/common';
import { INFERENCE_REQUEST_QUEUE, SUBJECTS } from '@llmops/contract';
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
    maxInFlight: config.INFERENCE_MAX_IN_FLIGHT,
    preloadModelUri: config.INFERENCE_PRELOAD_MODEL_URI || undefined,
    drainTimeoutMs: config.INFERENCE_DRAIN_TIMEOUT_MS,
    llmTracePreviewChars: config.LLM_TRACE_PREVIEW_CHARS,
  };
}

/** Starts one replica in the `inference` queue group (services mode passes its JSON logger and RPC log). */
export async function startInference(
  options: InferenceModuleOptions,
  logger?: LoggerService | false,
  interceptors?: NestInterceptor[],
): Promise<INestMicroservice> {
  // Known once the app exists; the puller asks it only after start.
  const started: { lifecycle?: InferenceLifecycle } = {};
  const app = await startService(InferenceModule.forRoot(options), options.transport, {
    queue: INFERENCE_QUEUE,
    logger,
    interceptors,
    // Load-aware dispatch (NATS): callers queue summarize requests in JetStream and this replica
    // pulls while it has fewer than maxInFlight in work, so none idles while another has a queue.
    pull: {
      channel: SUBJECTS.inference.summarize,
      queue: INFERENCE_REQUEST_QUEUE,
      maxInFlight: inFlightBound(options),
      // A draining replica stops pulling: what is queued goes to the others.
      active: () => !(started.lifecycle?.isDraining ?? false),
    },
  });
  started.lifecycle = app.get(InferenceLifecycle);
  return app;
}

/** Requests a replica pulls at once: one batch's worth (the micro-batcher needs company to batch). */
export function inFlightBound(options: InferenceModuleOptions): number {
  return options.maxInFlight && options.maxInFlight > 0
    ? options.maxInFlight
    : Math.max(1, options.maxBatchArticles ?? 1);
}

/**
 * Graceful stop for callers of `app.close()` (tests, the launcher): `close()` alone shuts the
 * transport first, which would drop answers of in-flight requests. SIGTERM already drains.
 */
export async function stopInference(app: INestMicroservice): Promise<void> {
  await app.get(InferenceLifecycle).drain();
  await app.close();
}
