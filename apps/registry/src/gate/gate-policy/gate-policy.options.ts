import { PromotionGatePolicy } from '@llmops/contract';

/** The registry's configured gate settings (from `RegistryConfig`). */
export class GateSettings {
  constructor(
    /** The policy of models without one of their own (`GATE_DEFAULT_POLICY`); null: none. */
    readonly defaultPolicy: PromotionGatePolicy | null = null,
    /** Aliases whose changes need an approver and are audited (`PROTECTED_ALIASES`), lower case. */
    readonly protectedAliases: readonly string[] = ['champion', 'production'],
  ) {}

  isProtectedAlias(alias: string): boolean {
    return this.protectedAliases.some((a) => a.toLowerCase() === alias.toLowerCase());
  }
}
