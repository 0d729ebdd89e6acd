import { Provider, Type } from '@nestjs/common';
import { RpcClient } from '@llmops/messaging';
import { PromotionPolicy } from '../ports/promotion-policy.port';
import { IssuedGateDecisions } from './domain/issued-gate-decisions';
import { GatePromotionPolicy } from './gate-promotion.policy';
import { GatedTransitionHandler } from './gated-transition/gated-transition.handler';
import { GatedTransitionController } from './gated-transition/gated-transition.message.controller';
import { RpcEvaluationRuns } from './infra/rpc-evaluation-runs';
import { EvaluationRuns } from './ports/evaluation-runs.port';

/** What RegistryModule adds for the promotion gate (it needs the module's store and transition handler). */
export const GATE_CONTROLLERS: Type<unknown>[] = [GatedTransitionController];

export const GATE_PROVIDERS: Provider[] = [
  IssuedGateDecisions,
  GatePromotionPolicy,
  // Overrides the module's default policy: Production needs the gate (Nest keeps the last provider of a token).
  { provide: PromotionPolicy, useExisting: GatePromotionPolicy },
  {
    provide: EvaluationRuns,
    inject: [RpcClient],
    useFactory: (rpc: RpcClient) => new RpcEvaluationRuns(rpc, Number(process.env.TRACKING_TIMEOUT_MS) || 10_000),
  },
  GatedTransitionHandler,
];
