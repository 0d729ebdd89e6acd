import { Injectable } from '@nestjs/common';
import { AUDIT_ACTIONS, GatePolicyResponse, PromotionGatePolicy, ResourceNotFoundError } from '@llmops/contract';
import { RegistryAccess, RegistryCaller } from '../../access/registry-access';
import { Clock } from '../../ports/clock.port';
import { RegistryStore } from '../../ports/registry.store';
import { checkGatePolicy } from '../domain/gate-policy-config';
import { GateStore } from '../ports/gate-store.port';
import { GateSettings } from './gate-policy.options';

/** A registered model's promotion gate policy: stored per model, else the configured default. */
@Injectable()
export class GatePolicyHandler {
  constructor(
    private readonly store: RegistryStore,
    private readonly gate: GateStore,
    private readonly settings: GateSettings,
    private readonly access: RegistryAccess,
    private readonly clock: Clock,
  ) {}

  async get(name: string): Promise<GatePolicyResponse> {
    const model = await this.store.findModel(name);
    if (!model) throw new ResourceNotFoundError(`Registered model '${name}' not found`);
    const stored = await this.gate.policyOf(model.name);
    if (stored) {
      return {
        name: model.name,
        policy: stored.policy,
        source: 'model',
        user_id: stored.userId,
        updated_at: stored.updatedAt,
      };
    }
    const fallback = this.settings.defaultPolicy;
    return {
      name: model.name,
      policy: fallback,
      source: fallback ? 'default' : 'none',
      user_id: null,
      updated_at: null,
    };
  }

  /** The policy promotions of `name` are decided by (null: none, so the gate refuses). */
  async effective(name: string): Promise<PromotionGatePolicy | null> {
    return (await this.get(name)).policy;
  }

  async set(name: string, policy: unknown, caller: RegistryCaller, userId: string): Promise<GatePolicyResponse> {
    // The gateway and the caller guard ask for approver too; this holds for any route to it.
    this.access.requireRole(caller, 'approver', `set the promotion gate policy of '${name}'`);
    const checked = checkGatePolicy(policy);
    const stored = await this.gate.setPolicy(name, checked, userId, this.clock.now());
    await this.access.audit(userId, AUDIT_ACTIONS.gatePolicy, `registered_model:${name}`, { policy: checked });
    return { name, policy: stored.policy, source: 'model', user_id: stored.userId, updated_at: stored.updatedAt };
  }
}
