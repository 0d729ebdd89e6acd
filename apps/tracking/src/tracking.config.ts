import { IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';

/** Services-mode configuration, read from environment variables by `loadConfig(TrackingConfig)`. */
export class TrackingConfig {
  @IsString()
  @Matches(/^nats:\/\//, { message: 'NATS_URL must be nats://host:port (comma-separated for a cluster)' })
  NATS_URL = 'nats://127.0.0.1:4222';

  @IsString()
  @Matches(/^(postgres(ql)?|pglite):\/\//, { message: 'DATABASE_URL must be postgres://... or pglite://...' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/llmops';

  /**
   * The artifact store (MLflow's `--artifacts-destination`): `mlflow-artifacts:/<path>` is
   * `<ARTIFACT_ROOT>/<path>`; an experiment's artifacts default to `mlflow-artifacts:/<experiment_id>`.
   */
  @IsString()
  @Matches(/^file:\/\/\/.+/, { message: 'ARTIFACT_ROOT must be an absolute file:/// URI' })
  ARTIFACT_ROOT = 'file:///var/lib/llmops/artifacts';

  /**
   * `true`: clients get `mlflow-artifacts:/` locations served by the gateway's proxy (MLflow's
   * `--serve-artifacts`, the default). `false`: clients get the store's `file://` locations and must
   * see the server's disk (MLflow's `--no-serve-artifacts`; a single user on the server's host).
   */
  @IsIn(['true', 'false'])
  SERVE_ARTIFACTS: 'true' | 'false' = 'true';

  @IsIn(['error', 'warn', 'log', 'debug'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' = 'log';

  /** HTTP port of /healthz, /readyz and /metrics (0 picks a free port, logged at start). */
  @IsInt()
  @Min(0)
  @Max(65535)
  OPS_PORT: number = 9464;

  /** Traces older than this many days are deleted (0: kept whatever their age). */
  @IsInt()
  @Min(0)
  @Max(36_500)
  TRACE_RETENTION_DAYS: number = 30;

  /** At most this many traces are kept, the oldest deleted first (0: no limit). */
  @IsInt()
  @Min(0)
  TRACE_RETENTION_MAX_TRACES: number = 100_000;
}
