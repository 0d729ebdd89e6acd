import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/**
 * The gateway's settings, read from environment variables by `loadConfig` (services mode). The
 * explicit types matter: they are the metadata that turns `PORT=8080` into a number.
 */
export class GatewayConfig {
  /** NATS servers (comma separated) in services mode. */
  @IsString()
  NATS_URL: string = 'nats://127.0.0.1:4222';

  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 5000;

  /** Largest JSON body accepted (body-parser syntax: `1mb`, `512kb`). */
  @Matches(/^\d+(b|kb|mb|gb)?$/i, { message: 'BODY_LIMIT must look like 10mb, 512kb or a byte count' })
  BODY_LIMIT: string = '10mb';

  /** Largest artifact accepted by an upload, in bytes. */
  @IsInt()
  @Min(1)
  ARTIFACT_UPLOAD_LIMIT_BYTES: number = 1024 * 1024 * 1024;

  /**
   * Dataset uploads are staged in `<LLMOPS_DATA_DIR>/datasets/.uploads` (the batch orchestrator's
   * dataset root: the same volume in services mode) and published there by the orchestrator.
   */
  @IsString()
  LLMOPS_DATA_DIR: string = './.llmops';

  /** Largest dataset accepted by an upload, in bytes (datasets are parsed whole to plan jobs). */
  @IsInt()
  @Min(1)
  DATASET_UPLOAD_LIMIT_BYTES: number = 256 * 1024 * 1024;

  /**
   * The gateway's address as clients reach it (e.g. `https://mlflow.example.com`), for URLs it hands
   * out (multipart upload part URLs); unset: `http://` and the request's Host.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^/?#]+(\/[^?#]*)?$/, { message: 'PUBLIC_URL must be http(s)://host[:port][/path]' })
  PUBLIC_URL?: string;

  /** How long a request to a service may take before it is DEADLINE_EXCEEDED. */
  @IsInt()
  @Min(1)
  REQUEST_TIMEOUT_MS: number = 15_000;

  /** How long /readyz waits for each health subject. */
  @IsInt()
  @Min(1)
  READINESS_TIMEOUT_MS: number = 2_000;

  /** Structured JSON request logs on stdout. */
  @IsIn(['true', 'false'])
  LOG_REQUESTS: string = 'true';

  /** Comma-separated services /readyz checks (default: every service with a health subject). */
  @IsOptional()
  @IsString()
  READINESS_SERVICES: string = '';

  /**
   * `off` switches authentication off (single-user local use only). Unset here means: the
   * environment's LLMOPS_AUTH, else on (the embedded launcher passes no config for it).
   */
  @IsOptional()
  @IsIn(['on', 'off'])
  LLMOPS_AUTH?: 'on' | 'off';

  /**
   * Token-bucket rate limit per API token: refill per second (0 disables) and burst size. Kept by
   * the identity service, so it holds across gateway replicas.
   */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  RATE_LIMIT_PER_SECOND: number = 50;

  @IsInt()
  @Min(1)
  RATE_LIMIT_BURST: number = 100;

  /**
   * How long a replica may reuse an authentication (token digest to caller) or a held permission
   * without asking identity again (0: always ask). Revocations identity announces take effect at
   * once; this bounds what a missed announcement leaves (docs/security.md).
   */
  @IsInt()
  @Min(0)
  @Max(60_000)
  ACCESS_CACHE_TTL_MS: number = 5_000;

  /**
   * Failed authentications allowed per client address within AUTH_FAILURE_WINDOW_SECONDS (0
   * disables); beyond it that address gets 429 until the window has passed. Shared by replicas.
   */
  @IsInt()
  @Min(0)
  AUTH_FAILURE_LIMIT: number = 20;

  @IsInt()
  @Min(1)
  AUTH_FAILURE_WINDOW_SECONDS: number = 300;

  /**
   * Which proxies' X-Forwarded-For to believe for the client address (Express's `trust proxy`):
   * unset believes none (the socket's address); a hop count, or comma-separated addresses/subnets
   * (`loopback`, `10.0.0.0/8`). Behind a load balancer, set it, or every client is the balancer.
   */
  @IsOptional()
  @Matches(/^([0-9]+|[A-Za-z0-9.:/, _-]+)$/, { message: 'TRUST_PROXY must be a hop count or addresses/subnets' })
  TRUST_PROXY?: string;

  /** Comma-separated origins allowed by CORS; unset (and not in the environment): no CORS at all. */
  @IsOptional()
  @IsString()
  LLMOPS_CORS_ORIGINS?: string;

  /**
   * The built dashboard (`index.html` and `assets/`) served at `/`; `off` serves none. Unset: the
   * build next to the sources (`apps/dashboard/dist`) when there is one.
   */
  @IsOptional()
  @IsString()
  DASHBOARD_DIR?: string;
}

/** Fills the settings a caller left out with the defaults above (the launcher and tests pass a few). */
export function gatewayConfigWith(overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  return Object.assign(new GatewayConfig(), overrides);
}
