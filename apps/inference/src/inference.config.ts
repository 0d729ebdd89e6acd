import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

/** The inference service's settings, read from environment variables by `loadConfig` (services mode). */
/*
 * Explicit types on every field: `loadConfig` converts env strings by the emitted design type, and
 * SWC emits none for an inferred `= 1`, so `INFERENCE_THREADS=2` would fail as "not an integer".
 */
export class InferenceConfig {
  /** NATS servers (comma separated). */
  @IsString()
  NATS_URL: string = 'nats://127.0.0.1:4222';

  /**
   * Where packages from non-`file://` artifact stores are downloaded. (`file://` packages, e.g. under
   * the platform's ARTIFACT_ROOT volume, are read in place.)
   */
  @IsString()
  INFERENCE_CACHE_DIR: string = '/tmp/llmops-inference-cache';

  /** ONNX Runtime intra-op threads per model. One per replica: run more replicas to use more cores. */
  @IsInt()
  @Min(1)
  @Max(256)
  INFERENCE_THREADS: number = 1;

  /** Most models a replica keeps loaded (least recently used unloaded beyond it). */
  @IsInt()
  @Min(1)
  INFERENCE_MAX_MODELS: number = 4;

  /** Most articles summarized in one model call across requests; 1 turns dynamic batching off. */
  @IsInt()
  @Min(1)
  @Max(64)
  INFERENCE_MAX_BATCH: number = 1;

  /** How long an idle model's first request waits for others to batch with (ms). */
  @IsInt()
  @Min(0)
  @Max(1000)
  INFERENCE_BATCH_WAIT_MS: number = 5;

  /**
   * Summarize requests this replica pulls from the queue and works on at once (services mode);
   * 0 = one batch's worth, max(1, INFERENCE_MAX_BATCH). Small keeps the queue in JetStream, where
   * whichever replica frees up first takes the next request.
   */
  @IsInt()
  @Min(0)
  @Max(256)
  INFERENCE_MAX_IN_FLIGHT: number = 0;

  /** Model loaded at start-up; the replica reports ready once it is loaded. */
  @IsOptional()
  @IsString()
  INFERENCE_PRELOAD_MODEL_URI: string = '';

  /** How long a shutdown waits for in-flight requests (ms). */
  @IsInt()
  @Min(0)
  INFERENCE_DRAIN_TIMEOUT_MS: number = 120_000;

  /** Timeout of this service's own requests (tracking, registry) in ms. */
  @IsInt()
  @Min(1)
  INFERENCE_REQUEST_TIMEOUT_MS: number = 15_000;

  /** Characters of each article an LLM trace keeps; longer articles are kept as a preview. */
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  LLM_TRACE_PREVIEW_CHARS: number = 2_000;

  /** HTTP port of /healthz, /readyz and /metrics (0 picks a free port, logged at start). */
  @IsInt()
  @Min(0)
  @Max(65535)
  OPS_PORT: number = 9464;
}
