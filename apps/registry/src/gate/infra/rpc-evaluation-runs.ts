import {
  ErrorCode,
  EVALUATION_TAGS,
  evaluationExperimentName,
  fromWireDouble,
  GetExperimentResponse,
  LlmopsError,
  RunResponse,
  RunView,
  SearchRunsResponse,
  SUBJECTS,
} from '@llmops/contract';
import { RpcClient } from '@llmops/messaging';
import { EvaluationEvidence, EvaluationRuns } from '../ports/evaluation-runs.port';

const T = SUBJECTS.tracking;

/** Evaluation runs read from tracking over the bus. */
export class RpcEvaluationRuns extends EvaluationRuns {
  constructor(
    private readonly rpc: RpcClient,
    private readonly timeoutMs = 10_000,
  ) {
    super();
  }

  async get(runId: string): Promise<EvaluationEvidence | null> {
    try {
      const { run } = await this.rpc.request<RunResponse>(T.runs.get, { run_id: runId }, { timeoutMs: this.timeoutMs });
      return run.info.lifecycle_stage === 'deleted' ? null : evidenceOf(run);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async latestFor(name: string, version: number, preferDigest: string | null): Promise<EvaluationEvidence | null> {
    let experimentId: string;
    try {
      const answer = await this.rpc.request<GetExperimentResponse>(
        T.experiments.getByName,
        { experiment_name: evaluationExperimentName(name) },
        { timeoutMs: this.timeoutMs },
      );
      experimentId = answer.experiment.experiment_id;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
    const filter =
      `tags.\`${EVALUATION_TAGS.modelName}\` = '${quote(name)}' and ` +
      `tags.\`${EVALUATION_TAGS.modelVersion}\` = '${version}' and attributes.status = 'FINISHED'`;
    const { runs } = await this.rpc.request<SearchRunsResponse>(
      T.runs.search,
      { experiment_ids: [experimentId], filter, order_by: ['attributes.start_time DESC'], max_results: 100 },
      { timeoutMs: this.timeoutMs },
    );
    const evidence = runs.map(evidenceOf);
    return evidence.find((e) => preferDigest !== null && e.datasetDigest === preferDigest) ?? evidence[0] ?? null;
  }
}

function evidenceOf(run: RunView): EvaluationEvidence {
  const tags = new Map((run.data?.tags ?? []).map((t) => [t.key, t.value]));
  const metrics: Record<string, number> = {};
  for (const m of run.data?.metrics ?? []) metrics[m.key] = fromWireDouble(m.value);
  return {
    runId: run.info.run_id,
    status: run.info.status,
    modelName: tags.get(EVALUATION_TAGS.modelName) ?? null,
    modelVersion: tags.get(EVALUATION_TAGS.modelVersion) ?? null,
    datasetDigest: tags.get(EVALUATION_TAGS.datasetDigest) ?? null,
    metrics,
    startTime: run.info.start_time,
  };
}

function isNotFound(error: unknown): boolean {
  return error instanceof LlmopsError && error.code === ErrorCode.RESOURCE_DOES_NOT_EXIST;
}

/** A value inside a single-quoted filter string. */
function quote(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}
