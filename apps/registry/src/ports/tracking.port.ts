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
  artifactUri: string;
  lifecycleStage: string;
}

/**
 * Tracking over the bus. Errors: ResourceNotFoundError for an unknown run; ServiceUnavailableError
 * (TEMPORARILY_UNAVAILABLE) when tracking cannot be reached.
 */
export abstract class TrackingPort {
  abstract artifactRoot(runId: string): Promise<RunArtifactRoot>;
  abstract getRun(runId: string): Promise<TrackedRun>;
}
