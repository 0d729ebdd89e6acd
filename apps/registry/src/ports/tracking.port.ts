/** What the registry needs of the tracking service. */
export interface TrackedRun {
  runId: string;
  runName: string;
  experimentId: string;
  status: string;
  startTime: number;
  endTime: number | null;
  artifactUri: string;
  userId: string;
  lifecycleStage: string;
  params: Array<{ key: string; value: string }>;
  metrics: Array<{ key: string; value: number | string; timestamp: number; step: number }>;
  tags: Array<{ key: string; value: string }>;
  datasets: Array<{ name: string; digest: string; sourceType: string; source: string; context: string | null }>;
}

export interface RunArtifactRoot {
  runId: string;
  /** As clients see it (the served location, or the store's file:// one when artifacts are not served). */
  artifactUri: string;
  /** The proxy's location, `mlflow-artifacts:/<experiment_id>/<run_id>/artifacts`. */
  servedUri: string;
  /** Where the bytes are (what versions registered before served artifacts recorded). */
  storageUri: string;
  lifecycleStage: string;
}

/** Whose artifacts a location names (a run or an MLflow 3 logged model) and how the proxy serves them. */
export interface ArtifactLocation {
  owner: { kind: 'run' | 'logged_model'; id: string; experimentId: string };
  lifecycleStage: string;
  servedUri: string;
}

export interface TrackedLoggedModel {
  modelId: string;
  experimentId: string;
  sourceRunId: string | null;
}

/**
 * Tracking over the bus. Errors: ResourceNotFoundError for an unknown run; ServiceUnavailableError
 * (TEMPORARILY_UNAVAILABLE) when tracking cannot be reached.
 */
export abstract class TrackingPort {
  abstract artifactRoot(runId: string): Promise<RunArtifactRoot>;
  abstract getRun(runId: string): Promise<TrackedRun>;
  /** `runs:/...`, `models:/<model_id>`, `mlflow-artifacts:/...`; INVALID_PARAMETER_VALUE for anything else. */
  abstract resolveLocation(uri: string): Promise<ArtifactLocation>;
  abstract loggedModel(modelId: string): Promise<TrackedLoggedModel>;
}
