import { Injectable } from '@nestjs/common';
import { GateDecisionView, TransitionEvaluation } from '@llmops/contract';

/** What a gated promotion hands to the transition (and the history records verbatim). */
export interface GatedEvaluation extends TransitionEvaluation {
  run_id?: string;
  gate_decision: GateDecisionView;
}

/**
 * The evaluations this process's gate decided. The transition handler runs the promotion policy
 * inside the model's row lock, where no I/O may happen (embedded mode has one database
 * connection); so the gate decides before the lock and the policy only recognises the object it
 * issued. Identity, not content: a caller cannot forge a decision over the wire.
 */
@Injectable()
export class IssuedGateDecisions {
  private readonly issued = new WeakSet<object>();

  issue(decision: GateDecisionView): GatedEvaluation {
    const evaluation: GatedEvaluation = { gate_decision: decision };
    if (decision.evaluation_run_id !== null) evaluation.run_id = decision.evaluation_run_id;
    this.issued.add(evaluation);
    return evaluation;
  }

  decisionOf(evaluation: TransitionEvaluation | null): GateDecisionView | null {
    return evaluation !== null && this.issued.has(evaluation) ? (evaluation as GatedEvaluation).gate_decision : null;
  }
}
