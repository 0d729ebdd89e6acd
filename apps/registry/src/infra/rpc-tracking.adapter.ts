import { ErrorCode, LlmopsError, ResourceNotFoundError, ServiceUnavailableError, SUBJECTS } from '@llmops/contract';
import { RpcClient } from '@llmops/messaging';
import { RunArtifactRoot, TrackedRun, TrackingPort } from '../ports/tracking.port';

/** The parts of tracking's wire answers the registry reads (see libs/contract/src/tracking). */
interface RunAnswer {
  run: {
    info: {
      run_id: string;
      run_name: string;
      experiment_id: string;
      user_id: string;
      status: string;
      start_time: number;
      end_time: number | null;
      artifact_uri: string;
      lifecycle_stage: string;
    };
    data?: {
      metrics?: Array<{ key: string; value: number | string; timestamp: number; step: number }>;
      params?: Array<{ key: string; value: string }>;
      tags?: Array<{ key: string; value: string }>;
    };
    inputs?: {
      dataset_inputs?: Array<{
        tags?: Array<{ key: string; value: string }>;
        dataset: { name: string; digest: string; source_type: string; source: string };
      }>;
    };
  };
}

interface ArtifactRootAnswer {
  run_id: string;
  artifact_uri: string;
  lifecycle_stage: string;
}

const UNREACHABLE: readonly string[] = [
  ErrorCode.TEMPORARILY_UNAVAILABLE,
  ErrorCode.DEADLINE_EXCEEDED,
  ErrorCode.ENDPOINT_NOT_FOUND,
];

/** Tracking over the bus; "tracking is not there" always surfaces as TEMPORARILY_UNAVAILABLE. */
export class RpcTrackingAdapter extends TrackingPort {
  constructor(
    private readonly rpc: RpcClient,
    private readonly timeoutMs = 10_000,
  ) {
    super();
  }

  async artifactRoot(runId: string): Promise<RunArtifactRoot> {
    const a = await this.call<ArtifactRootAnswer>(SUBJECTS.tracking.artifacts.resolveRoot, runId);
    return { runId: a.run_id, artifactUri: a.artifact_uri, lifecycleStage: a.lifecycle_stage };
  }

  async getRun(runId: string): Promise<TrackedRun> {
    const { run } = await this.call<RunAnswer>(SUBJECTS.tracking.runs.get, runId);
    const i = run.info;
    return {
      runId: i.run_id,
      runName: i.run_name,
      experimentId: i.experiment_id,
      status: i.status,
      startTime: i.start_time,
      endTime: i.end_time,
      artifactUri: i.artifact_uri,
      userId: i.user_id,
      lifecycleStage: i.lifecycle_stage,
      params: run.data?.params ?? [],
      metrics: run.data?.metrics ?? [],
      tags: run.data?.tags ?? [],
      datasets: (run.inputs?.dataset_inputs ?? []).map((d) => ({
        name: d.dataset.name,
        digest: d.dataset.digest,
        sourceType: d.dataset.source_type,
        source: d.dataset.source,
        context: d.tags?.find((t) => t.key === 'mlflow.data.context')?.value ?? null,
      })),
    };
  }

  private async call<T>(subject: string, runId: string): Promise<T> {
    try {
      return await this.rpc.request<T>(subject, { run_id: runId }, { timeoutMs: this.timeoutMs });
    } catch (error) {
      if (error instanceof LlmopsError && UNREACHABLE.includes(error.code)) {
        throw new ServiceUnavailableError(`Tracking service unavailable (${subject}): ${error.message}`, {
          cause: error,
        });
      }
      if (error instanceof LlmopsError && error.code === ErrorCode.RESOURCE_DOES_NOT_EXIST) {
        throw new ResourceNotFoundError(`Run '${runId}' does not exist`, { cause: error });
      }
      throw error;
    }
  }
}
