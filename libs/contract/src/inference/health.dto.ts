export interface InferenceHealthResponse {
  status: 'ok';
  checks: Record<string, 'ok'>;
  /** Identifies the replica (host:pid), so callers can see the load spread. */
  replica: string;
  /** URIs of the models this replica has loaded. */
  loaded_models: string[];
  in_flight: number;
}

export interface InferenceReadinessResponse {
  ready: boolean;
  replica: string;
  /** The model loaded at start-up, if configured. */
  preload_model_uri: string | null;
  /** Why the replica is not ready (still loading, load failed, draining). */
  reason: string | null;
}
