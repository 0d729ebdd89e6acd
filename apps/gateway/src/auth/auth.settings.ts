/** How the gateway authenticates, from GatewayConfig (or the environment in embedded mode). */
export interface AuthSettings {
  enabled: boolean;
  /** Token-bucket refill per API token, requests per second (0: no limit). */
  rateLimitPerSecond: number;
  rateLimitBurst: number;
}
