import { TransportConfig } from '@llmops/messaging';
import type { BatchWorkerConfig } from './batch-worker/batch-worker.config';

/** What `InferenceModule.forRoot` takes (the launcher and tests build it; `main.ts` maps the env). */
export interface InferenceModuleOptions {
  transport: TransportConfig;
  /** Download directory for packages from non-local stores. */
  cacheDir: string;
  /** ONNX Runtime intra-op threads per model (default 1). */
  threads?: number;
  /** Models kept loaded (default 4). */
  maxModels?: number;
  /** Dynamic batching: most articles per model call (default 1 = off) and the wait bound (default 5 ms). */
  maxBatchArticles?: number;
  batchWaitMs?: number;
  /** Queued requests a replica pulls and works on at once (NATS); default max(1, maxBatchArticles). */
  maxInFlight?: number;
  /** Loaded at start-up; readiness waits for it. */
  preloadModelUri?: string;
  /** How long a graceful shutdown waits for in-flight requests (default 120 s). */
  drainTimeoutMs?: number;
  /** Name in health answers (default host:pid). */
  replicaName?: string;
  /** Characters of each article kept in an LLM trace; longer ones are kept as a preview (default 2000). */
  llmTracePreviewChars?: number;
  /** The batch worker's settings (default: from the process environment). */
  batchWorker?: BatchWorkerConfig;
}

export const INFERENCE_OPTIONS = Symbol('INFERENCE_OPTIONS');

/** The NATS queue group every replica joins, so that each request goes to exactly one of them. */
export const INFERENCE_QUEUE = 'inference';
