/**
 * NATS subjects served by the inference service (queue group `inference`: N replicas share the
 * requests). Request and response shapes: `libs/contract/src/inference`.
 */
export const INFERENCE_SUBJECTS = {
  /** Liveness: the replica answers and reports what it has loaded. */
  health: 'inference.v1.health',
  /** Readiness: the configured preload model (if any) is loaded. */
  readiness: 'inference.v1.readiness',
  /** `SummarizeRequest` -> `SummarizeResponse`. */
  summarize: 'inference.v1.summarize',
} as const;
