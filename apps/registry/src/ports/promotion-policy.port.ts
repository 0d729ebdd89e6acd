import { ModelStage, TransitionEvaluation } from '@llmops/contract';
import { ModelVersion } from '../domain/registry.model';

export interface PromotionRequest {
  version: ModelVersion;
  toStage: ModelStage;
  reason: string | null;
  evaluation: TransitionEvaluation | null;
  override: boolean;
  userId: string;
}

/**
 * Where the promotion gate plugs in: called before a transition is applied; throws (e.g.
 * GateRejectedError) to refuse it. The default lets everything through.
 */
export abstract class PromotionPolicy {
  abstract check(request: PromotionRequest): Promise<void>;
}

export class AllowAllPromotions extends PromotionPolicy {
  async check(): Promise<void> {
    // No gate yet: every transition is allowed.
  }
}
