import { PromotionGatePolicy } from '@llmops/contract';

export interface StoredGatePolicy {
  policy: PromotionGatePolicy;
  userId: string;
  updatedAt: number;
}

/** An evaluation as the evaluation service finished it: the gate's only evidence. */
export interface EvaluationRecord {
  runId: string;
  name: string;
  version: number;
  datasetDigest: string;
  /** The metrics it computed (NaN where there was no value, e.g. latency when every article failed). */
  metrics: Record<string, number>;
  userId: string;
  recordedAt: number;
}

/**
 * The gate's records in the registry's database: a policy per registered model (by the model's id,
 * so a rename keeps it) and the evaluations the evaluation service recorded.
 * ResourceNotFoundError when the model (or version) is unknown.
 */
export abstract class GateStore {
  abstract policyOf(name: string): Promise<StoredGatePolicy | null>;
  abstract setPolicy(name: string, policy: PromotionGatePolicy, userId: string, at: number): Promise<StoredGatePolicy>;
  abstract recordEvaluation(record: EvaluationRecord): Promise<void>;
  abstract evaluation(runId: string): Promise<EvaluationRecord | null>;
  /** The version's evaluations, latest first. */
  abstract evaluationsOf(name: string, version: number): Promise<EvaluationRecord[]>;
}
