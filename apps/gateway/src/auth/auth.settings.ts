/** How the gateway authenticates, from GatewayConfig (or the environment in embedded mode). */
export interface AuthSettings {
  enabled: boolean;
  /** Token-bucket refill per API token, requests per second (0: no limit); shared by every replica. */
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  /** Failed authentications allowed per client address within the window (0: no limit). */
  authFailureLimit: number;
  authFailureWindowSeconds: number;
}
