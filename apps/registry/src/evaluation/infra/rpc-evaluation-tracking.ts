import {
  CreateExperimentResponse,
  DATASET_CONTEXT_TAG,
  ErrorCode,
  GetExperimentResponse,
  LlmopsError,
  RunResponse,
  SUBJECTS,
  toWireDouble,
} from '@llmops/contract';
import { RpcClient } from '@llmops/messaging';
import { EvaluationPredictionRow, EvaluationTracking } from '../ports/evaluation.ports';

const T = SUBJECTS.tracking;

/** Tracking over the bus, for the evaluation's run. */
export class RpcEvaluationTracking extends EvaluationTracking {
  constructor(
    private readonly rpc: RpcClient,
    private readonly timeoutMs = 10_000,
  ) {
    super();
  }

  private call<T>(subject: string, payload: unknown): Promise<T> {
    return this.rpc.request<T>(subject, payload, { timeoutMs: this.timeoutMs });
  }

  async ensureExperiment(name: string): Promise<string> {
    const existing = await this.findExperiment(name);
    if (existing !== null) return existing;
    try {
      return (await this.call<CreateExperimentResponse>(T.experiments.create, { name })).experiment_id;
    } catch (error) {
      // Two evaluations of a new model at once: the other one created it.
      if (hasCode(error, ErrorCode.RESOURCE_ALREADY_EXISTS)) {
        const raced = await this.findExperiment(name);
        if (raced !== null) return raced;
      }
      throw error;
    }
  }

  private async findExperiment(name: string): Promise<string | null> {
    try {
      const { experiment } = await this.call<GetExperimentResponse>(T.experiments.getByName, { experiment_name: name });
      return experiment.lifecycle_stage === 'active' ? experiment.experiment_id : null;
    } catch (error) {
      if (hasCode(error, ErrorCode.RESOURCE_DOES_NOT_EXIST)) return null;
      throw error;
    }
  }

  async createRun(experimentId: string, runName: string, tags: Record<string, string>): Promise<string> {
    const { run } = await this.call<RunResponse>(T.runs.create, {
      experiment_id: experimentId,
      run_name: runName,
      user_id: tags['mlflow.user'],
      tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
    });
    return run.info.run_id;
  }

  async logParams(runId: string, params: Record<string, string>): Promise<void> {
    await this.call(T.runs.logBatch, {
      run_id: runId,
      params: Object.entries(params).map(([key, value]) => ({ key, value })),
    });
  }

  async logMetrics(runId: string, metrics: Record<string, number>): Promise<void> {
    const timestamp = Date.now();
    await this.call(T.runs.logBatch, {
      run_id: runId,
      metrics: Object.entries(metrics).map(([key, value]) => ({ key, value: toWireDouble(value), timestamp, step: 0 })),
    });
  }

  async logDataset(
    runId: string,
    dataset: { name: string; digest: string; source: string; rows: number },
  ): Promise<void> {
    await this.call(T.runs.logInputs, {
      run_id: runId,
      datasets: [
        {
          tags: [{ key: DATASET_CONTEXT_TAG, value: 'evaluation' }],
          dataset: {
            name: dataset.name,
            digest: dataset.digest,
            source_type: 'local',
            source: JSON.stringify({ uri: dataset.source }),
            profile: JSON.stringify({ num_rows: dataset.rows }),
          },
        },
      ],
    });
  }

  async logPredictions(runId: string, rows: EvaluationPredictionRow[]): Promise<void> {
    await this.call(T.predictions.log, {
      run_id: runId,
      rows: rows.map((r) => ({
        inputs: r.inputs,
        outputs: r.outputs,
        ...(r.latencyMs === null ? {} : { latency_ms: r.latencyMs }),
        extra: r.extra,
      })),
    });
  }

  async finishRun(runId: string, status: 'FINISHED' | 'FAILED'): Promise<void> {
    await this.call(T.runs.update, { run_id: runId, status, end_time: Date.now() });
  }
}

function hasCode(error: unknown, code: ErrorCode): boolean {
  return error instanceof LlmopsError && error.code === code;
}
