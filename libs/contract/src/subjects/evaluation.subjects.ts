/**
 * NATS subjects of staging evaluation and the promotion gate. Served by the registry service
 * (queue group `registry`): it owns stage transitions, so the gate is enforced where they happen.
 */
export const EVALUATION_SUBJECTS = {
  /** `RunEvaluationRequest` -> `RunEvaluationResponse`: summarize a held-out set, score, log a run. */
  run: 'evaluation.v1.run',
  gate: {
    /**
     * `GatedTransitionRequest` -> `GatedTransitionResponse`: a stage transition that, for
     * Production, first decides the gate (INVALID_STATE when it fails and nobody overrides).
     */
    transition: 'evaluation.v1.gate.transition',
    /** `GetGatePolicyRequest` -> `GatePolicyResponse`: the policy a model's promotions meet. */
    getPolicy: 'evaluation.v1.gate.policy.get',
    /** `SetGatePolicyRequest` -> `GatePolicyResponse` (approver; audited). */
    setPolicy: 'evaluation.v1.gate.policy.set',
  },
} as const;
