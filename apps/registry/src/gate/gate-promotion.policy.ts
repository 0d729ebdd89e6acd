import { Injectable } from '@nestjs/common';
import { GateRejectedError, SUBJECTS } from '@llmops/contract';
import { PromotionPolicy, PromotionRequest } from '../ports/promotion-policy.port';
import { IssuedGateDecisions } from './domain/issued-gate-decisions';

/**
 * The registry's promotion policy: a move to Production goes ahead only with a decision of this
 * process's gate (passed, or overridden with a reason), or with an explicit override and reason.
 * Any other stage needs no gate. Runs inside the model lock: no I/O here.
 */
@Injectable()
export class GatePromotionPolicy extends PromotionPolicy {
  constructor(private readonly issued: IssuedGateDecisions) {
    super();
  }

  async check(request: PromotionRequest): Promise<void> {
    if (request.toStage !== 'Production') return;
    const uri = `models:/${request.version.name}/${request.version.version}`;
    const decision = this.issued.decisionOf(request.evaluation);
    if (decision !== null) {
      // Issued for this very version, and either passed or overridden (the gate throws otherwise).
      if (decision.model_uri === uri && (decision.passed || decision.overridden)) return;
      throw new GateRejectedError(`The gate decision given is for ${decision.model_uri}, not ${uri}`);
    }
    if (request.override) {
      if (request.reason?.trim()) return;
      throw new GateRejectedError(`Overriding the promotion gate of ${uri} needs a reason`);
    }
    throw new GateRejectedError(
      `Promotion of ${uri} to Production needs the promotion gate: state a policy (gate) and an evaluation run ` +
        `(evaluation_run_id) through ${SUBJECTS.evaluation.gate.transition} ` +
        `(POST /api/v1/registered-models/{name}/versions/{version}/stage), or override with a reason`,
    );
  }
}
