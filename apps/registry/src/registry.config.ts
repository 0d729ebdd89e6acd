import { IsIn, IsInt, IsString, Matches, Max, Min, ValidationArguments, registerDecorator } from 'class-validator';
import { parseGatePolicyConfig, parseProtectedAliases } from './gate/domain/gate-policy-config';

/** A property that must parse with `parse` (which throws a message saying what is wrong). */
function Parses(parse: (value: string) => unknown) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'parses',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown) => {
          try {
            parse(String(value));
            return true;
          } catch {
            return false;
          }
        },
        defaultMessage: (args?: ValidationArguments) => {
          try {
            parse(String(args?.value));
            return '';
          } catch (error) {
            return (error as Error).message;
          }
        },
      },
    });
}

/** Services-mode configuration, read from environment variables by `loadConfig(RegistryConfig)`. */
export class RegistryConfig {
  @IsString()
  @Matches(/^(postgres(ql)?|pglite):\/\//, { message: 'DATABASE_URL must be postgres://... or pglite://...' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/llmops';

  @IsString()
  @Matches(/^nats:\/\//, { message: 'NATS_URL must be nats://host:port (comma-separated for a cluster)' })
  NATS_URL = 'nats://127.0.0.1:4222';

  /** How long to wait for tracking when registering a version or assembling lineage. */
  @IsInt()
  @Min(100)
  TRACKING_TIMEOUT_MS: number = 10_000;

  /**
   * Aliases that mean "serving": setting, moving or deleting one needs the approver role and is
   * audited (comma separated; empty: none).
   */
  @IsString()
  @Parses(parseProtectedAliases)
  PROTECTED_ALIASES = 'champion,production';

  /**
   * The promotion gate's policy for models without one of their own (JSON of
   * `{min_rouge_l, min_rouge_2, max_latency_p95_ms, max_failure_rate, max_regression_vs_champion}`;
   * empty: none, so such a model cannot pass the gate until it has a policy).
   */
  @IsString()
  @Parses(parseGatePolicyConfig)
  GATE_DEFAULT_POLICY = '';

  @IsIn(['error', 'warn', 'log', 'debug'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' = 'log';

  /** HTTP port of /healthz, /readyz and /metrics (0 picks a free port, logged at start). */
  @IsInt()
  @Min(0)
  @Max(65535)
  OPS_PORT: number = 9464;
}

/** The gate settings of the module's options, from the validated configuration. */
export function gateOptionsOf(config: RegistryConfig): {
  protectedAliases: string[];
  defaultGatePolicy: ReturnType<typeof parseGatePolicyConfig>;
} {
  return {
    protectedAliases: parseProtectedAliases(config.PROTECTED_ALIASES),
    defaultGatePolicy: parseGatePolicyConfig(config.GATE_DEFAULT_POLICY),
  };
}
