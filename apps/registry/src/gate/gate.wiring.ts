import { Provider, Type } from '@nestjs/common';
import { PromotionPolicy } from '../ports/promotion-policy.port';
import { IssuedGateDecisions } from './domain/issued-gate-decisions';
import { GatePromotionPolicy } from './gate-promotion.policy';
import { GatedTransitionHandler } from './gated-transition/gated-transition.handler';
import { GatedTransitionController } from './gated-transition/gated-transition.message.controller';
import { RecordedEvaluationRuns } from './infra/recorded-evaluation-runs';
import { EvaluationRuns } from './ports/evaluation-runs.port';
import { GateStore } from './ports/gate-store.port';
import { GatePolicyHandler } from './gate-policy/gate-policy.handler';
import { GatePolicyController } from './gate-policy/gate-policy.message.controller';

/** What RegistryModule adds for the promotion gate (it needs the module's store and transition handler). */
export const GATE_CONTROLLERS: Type<unknown>[] = [GatedTransitionController, GatePolicyController];

export const GATE_PROVIDERS: Provider[] = [
  IssuedGateDecisions,
  GatePromotionPolicy,
  // Overrides the module's default policy: Production needs the gate (Nest keeps the last provider of a token).
  { provide: PromotionPolicy, useExisting: GatePromotionPolicy },
  // Only evaluations the evaluation service recorded count (issue 10, finding 6).
  { provide: EvaluationRuns, inject: [GateStore], useFactory: (store: GateStore) => new RecordedEvaluationRuns(store) },
  GatedTransitionHandler,
  GatePolicyHandler,
];
