import { IsIn, IsInt, IsString, Matches, Min } from 'class-validator';

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
  TRACKING_TIMEOUT_MS = 10_000;

  @IsIn(['error', 'warn', 'log', 'debug'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' = 'log';
}
