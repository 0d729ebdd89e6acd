import { InvalidParameterError } from '@llmops/contract';
import {
  ErrorCode,
  LlmopsError,
  LoggedModelResponse,
  ResolveArtifactLocationResponse,
  ResourceNotFoundError,
  ServiceUnavailableError,
  SUBJECTS,
} from '@llmops/contract';
import { RpcClient } from '@llmops/messaging';
import {
  ArtifactLocation,
  RunArtifactRoot,
  TrackedLoggedModel,
  TrackedRun,
  TrackingPort,
} from '../ports/tracking.port';

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
  served_uri: string;
  storage_uri: string;
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
    const a = await this.call<ArtifactRootAnswer>(SUBJECTS.tracking.artifacts.resolveRoot, { run_id: runId }, runId);
    return {
      runId: a.run_id,
      artifactUri: a.artifact_uri,
      servedUri: a.served_uri,
      storageUri: a.storage_uri,
      lifecycleStage: a.lifecycle_stage,
    };
  }

  async resolveLocation(uri: string): Promise<ArtifactLocation> {
    const a = await this.call<ResolveArtifactLocationResponse>(
      SUBJECTS.tracking.artifacts.resolveLocation,
      { uri },
      uri,
    );
    // A trace's artifacts (its traces.json) are never a model's files.
    if (a.owner.kind === 'trace') throw new InvalidParameterError(`'${uri}' names a trace's artifacts, not a model`);
    return {
      owner: { kind: a.owner.kind, id: a.owner.id, experimentId: a.owner.experiment_id },
      lifecycleStage: a.lifecycle_stage,
      servedUri: a.served_uri,
    };
  }

  async loggedModel(modelId: string): Promise<TrackedLoggedModel> {
    const { model } = await this.call<LoggedModelResponse>(
      SUBJECTS.tracking.loggedModels.get,
      { model_id: modelId },
      `logged model '${modelId}'`,
    );
    return {
      modelId: model.info.model_id,
      experimentId: model.info.experiment_id,
      sourceRunId: model.info.source_run_id ?? null,
    };
  }

  async getRun(runId: string): Promise<TrackedRun> {
    const { run } = await this.call<RunAnswer>(SUBJECTS.tracking.runs.get, { run_id: runId }, runId);
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

  private async call<T>(subject: string, payload: Record<string, string>, what: string): Promise<T> {
    try {
      return await this.rpc.request<T>(subject, payload, { timeoutMs: this.timeoutMs });
    } catch (error) {
      if (error instanceof LlmopsError && UNREACHABLE.includes(error.code)) {
        throw new ServiceUnavailableError(`Tracking service unavailable (${subject}): ${error.message}`, {
          cause: error,
        });
      }
      if (error instanceof LlmopsError && error.code === ErrorCode.RESOURCE_DOES_NOT_EXIST) {
        throw new ResourceNotFoundError(
          subject === SUBJECTS.tracking.artifacts.resolveRoot || subject === SUBJECTS.tracking.runs.get
            ? `Run '${what}' does not exist`
            : error.message,
          { cause: error },
        );
      }
      throw error;
    }
  }
}
