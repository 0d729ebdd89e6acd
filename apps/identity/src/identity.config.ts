import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/**
 * Services-mode configuration (`loadConfig(IdentityConfig)`). LLMOPS_ADMIN_TOKEN is not here: it
 * is a secret, read with `secretFromEnv` (env or `_FILE`) so it never sits in a config dump.
 */
export class IdentityConfig {
  @IsString()
  @Matches(/^nats:\/\//, { message: 'NATS_URL must be nats://host:port (comma-separated for a cluster)' })
  NATS_URL = 'nats://127.0.0.1:4222';

  @IsString()
  @Matches(/^(postgres(ql)?|pglite):\/\//, { message: 'DATABASE_URL must be postgres://... or pglite://...' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/llmops';

  /** `off` only for a single-user local platform; anything else means on. */
  @IsOptional()
  @IsString()
  LLMOPS_AUTH = 'on';

  @IsIn(['error', 'warn', 'log', 'debug'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' = 'log';

  @IsInt()
  @Min(0)
  @Max(65535)
  OPS_PORT: number = 9465;
}
