import { IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';

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

  @IsIn(['error', 'warn', 'log', 'debug'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' = 'log';

  /** HTTP port of /healthz, /readyz and /metrics (0 picks a free port, logged at start). */
  @IsInt()
  @Min(0)
  @Max(65535)
  OPS_PORT: number = 9464;
}
