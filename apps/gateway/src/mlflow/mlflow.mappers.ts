import { InvalidParameterError } from '@llmops/contract';
import type {
  CreateExperimentRequest,
  CreateRunRequest,
  DeleteRunTagRequest,
  ExperimentView,
  GetMetricHistoryRequest,
  GetMetricHistoryResponse,
  ListArtifactsRequest,
  ListArtifactsResponse,
  LogBatchRequest,
  LogInputsRequest,
  LogMetricRequest,
  LogParamRequest,
  RunInfoView,
  RunView,
  SearchExperimentsRequest,
  SearchExperimentsResponse,
  SearchRunsRequest,
  SearchRunsResponse,
  SetExperimentTagRequest,
  SetRunTagRequest,
  UpdateExperimentRequest,
  UpdateRunRequest,
} from '@llmops/contract';
import { compact, fieldsOf, listOf, MlflowFields, pick, pickEach, runIdOf, unlessEmpty } from './mlflow-json';

/*
 * MLflow REST API 2.0 <-> the tracking contract. The contract already uses MLflow's field names,
 * so requests are mostly a matter of accepting MLflow's spellings (run_uuid, query strings,
 * extra fields) and answers a matter of MLflow's JSON habits (unset fields absent, `{}` for
 * nothing, next_page_token only when there is a next page). The service validates the values.
 */

// The request payloads go to the service unvalidated here (it validates): typed as the contract
// says for readability, built from what the client sent.
type Payload<T> = T;

const TAG = ['key', 'value'] as const;
const METRIC = ['key', 'value', 'timestamp', 'step'] as const;

export const mlflowRequest = {
  createExperiment(source: unknown): Payload<CreateExperimentRequest> {
    const f = fieldsOf(source);
    return compact({
      name: f.name,
      artifact_location: unlessEmpty(f.artifact_location),
      tags: pickEach(f.tags, TAG),
    }) as unknown as Payload<CreateExperimentRequest>;
  },

  experimentId(source: unknown): { experiment_id: string } {
    return pick(fieldsOf(source), ['experiment_id']) as { experiment_id: string };
  },

  experimentName(source: unknown): { experiment_name: string } {
    return pick(fieldsOf(source), ['experiment_name']) as { experiment_name: string };
  },

  searchExperiments(source: unknown): Payload<SearchExperimentsRequest> {
    const f = fieldsOf(source);
    return compact({
      max_results: f.max_results ?? undefined,
      page_token: unlessEmpty(f.page_token),
      filter: unlessEmpty(f.filter),
      order_by: listOf(f.order_by),
      view_type: f.view_type ?? undefined,
    }) as unknown as Payload<SearchExperimentsRequest>;
  },

  updateExperiment(source: unknown): Payload<UpdateExperimentRequest> {
    return pick(fieldsOf(source), ['experiment_id', 'new_name']) as unknown as Payload<UpdateExperimentRequest>;
  },

  setExperimentTag(source: unknown): Payload<SetExperimentTagRequest> {
    return pick(fieldsOf(source), ['experiment_id', 'key', 'value']) as unknown as Payload<SetExperimentTagRequest>;
  },

  deleteExperimentTag(source: unknown): { experiment_id: string; key: string } {
    return pick(fieldsOf(source), ['experiment_id', 'key']) as { experiment_id: string; key: string };
  },

  createRun(source: unknown): Payload<CreateRunRequest> {
    const f = fieldsOf(source);
    return compact({
      ...pick(f, ['experiment_id', 'user_id', 'run_name', 'start_time']),
      tags: pickEach(f.tags, TAG),
    }) as unknown as Payload<CreateRunRequest>;
  },

  runId(source: unknown): { run_id: string } {
    return compact({ run_id: runIdOf(fieldsOf(source)) }) as { run_id: string };
  },

  updateRun(source: unknown): Payload<UpdateRunRequest> {
    const f = fieldsOf(source);
    return compact({
      run_id: runIdOf(f),
      ...pick(f, ['status', 'end_time', 'run_name']),
    }) as unknown as Payload<UpdateRunRequest>;
  },

  searchRuns(source: unknown): Payload<SearchRunsRequest> {
    const f = fieldsOf(source);
    return compact({
      // MLflow treats a missing list as empty; the service then answers no runs, as MLflow does.
      experiment_ids: listOf(f.experiment_ids) ?? [],
      filter: unlessEmpty(f.filter),
      run_view_type: f.run_view_type ?? undefined,
      max_results: f.max_results ?? undefined,
      order_by: listOf(f.order_by),
      page_token: unlessEmpty(f.page_token),
    }) as unknown as Payload<SearchRunsRequest>;
  },

  logParam(source: unknown): Payload<LogParamRequest> {
    const f = fieldsOf(source);
    return compact({ run_id: runIdOf(f), ...pick(f, TAG) }) as unknown as Payload<LogParamRequest>;
  },

  logMetric(source: unknown): Payload<LogMetricRequest> {
    const f = fieldsOf(source);
    return compact({ run_id: runIdOf(f), ...pick(f, METRIC) }) as unknown as Payload<LogMetricRequest>;
  },

  logBatch(source: unknown): Payload<LogBatchRequest> {
    const f = fieldsOf(source);
    return compact({
      run_id: runIdOf(f),
      metrics: pickEach(f.metrics, METRIC),
      params: pickEach(f.params, TAG),
      tags: pickEach(f.tags, TAG),
    }) as unknown as Payload<LogBatchRequest>;
  },

  setRunTag(source: unknown): Payload<SetRunTagRequest> {
    const f = fieldsOf(source);
    return compact({ run_id: runIdOf(f), ...pick(f, TAG) }) as unknown as Payload<SetRunTagRequest>;
  },

  deleteRunTag(source: unknown): Payload<DeleteRunTagRequest> {
    const f = fieldsOf(source);
    return compact({ run_id: runIdOf(f), ...pick(f, ['key']) }) as unknown as Payload<DeleteRunTagRequest>;
  },

  logInputs(source: unknown): Payload<LogInputsRequest> {
    const f = fieldsOf(source);
    const datasets = Array.isArray(f.datasets)
      ? f.datasets.map((input: unknown) => {
          if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
          const i = input as MlflowFields;
          const dataset =
            typeof i.dataset === 'object' && i.dataset !== null && !Array.isArray(i.dataset)
              ? pick(i.dataset as MlflowFields, ['name', 'digest', 'source_type', 'source', 'schema', 'profile'])
              : i.dataset;
          return compact({ tags: pickEach(i.tags, TAG), dataset });
        })
      : f.datasets;
    return compact({ run_id: runIdOf(f), datasets }) as unknown as Payload<LogInputsRequest>;
  },

  metricHistory(source: unknown): Payload<GetMetricHistoryRequest> {
    const f = fieldsOf(source);
    return compact({
      run_id: runIdOf(f),
      metric_key: f.metric_key ?? undefined,
      max_results: f.max_results ?? undefined,
      page_token: unlessEmpty(f.page_token),
    }) as unknown as Payload<GetMetricHistoryRequest>;
  },

  logModel(source: unknown): { run_id: unknown; model: MlflowFields } {
    const f = fieldsOf(source);
    if (typeof f.model_json !== 'string') {
      throw new InvalidParameterError(
        "Missing value for required parameter 'model_json' (the MLmodel as a JSON string)",
      );
    }
    let model: unknown;
    try {
      model = JSON.parse(f.model_json);
    } catch {
      throw new InvalidParameterError("Parameter 'model_json' is not valid JSON");
    }
    return { run_id: runIdOf(f), model: fieldsOf(model) };
  },

  listArtifacts(source: unknown): Payload<ListArtifactsRequest> {
    const f = fieldsOf(source);
    return compact({ run_id: runIdOf(f), path: unlessEmpty(f.path) }) as unknown as Payload<ListArtifactsRequest>;
  },
};

/** The run tag where MLflow keeps the models logged in a run (a JSON list). */
export const LOGGED_MODELS_TAG = 'mlflow.log-model.history';

/** The fields of an MLmodel MLflow records in that tag (its `Model.get_tags_dict`). */
const LOGGED_MODEL_FIELDS = ['run_id', 'artifact_path', 'utc_time_created', 'flavors', 'model_uuid'] as const;

/** The tag value after one more logged model, as MLflow's stores compute it. */
export function appendLoggedModel(previous: string | undefined, model: MlflowFields): string {
  let history: unknown[] = [];
  if (previous) {
    try {
      const parsed = JSON.parse(previous);
      if (Array.isArray(parsed)) history = parsed;
    } catch {
      // A hand-edited tag: start again rather than refuse the model.
    }
  }
  return JSON.stringify([...history, pick(model, LOGGED_MODEL_FIELDS)]);
}

/** MLflow's RunInfo: an unset end_time is absent (protobuf), not null. */
export function mlflowRunInfo(info: RunInfoView): MlflowFields {
  const { end_time, ...rest } = info;
  return end_time === null || end_time === undefined ? rest : { ...rest, end_time };
}

export function mlflowRun(run: RunView): MlflowFields {
  return {
    info: mlflowRunInfo(run.info),
    data: { metrics: run.data.metrics, params: run.data.params, tags: run.data.tags },
    inputs: run.inputs ?? { dataset_inputs: [] },
    // MLflow 3's run outputs (older clients ignore the field, as protobuf parsing does).
    ...(run.outputs ? { outputs: run.outputs } : {}),
  };
}

export function mlflowExperiment(experiment: ExperimentView): MlflowFields {
  return { ...experiment };
}

/** `next_page_token` only when there is another page: clients loop while it is present. */
function withPageToken<T extends MlflowFields>(body: T, token: string | undefined | null): T {
  return token ? { ...body, next_page_token: token } : body;
}

export const mlflowResponse = {
  empty(): MlflowFields {
    return {};
  },

  experiment(answer: { experiment: ExperimentView }): MlflowFields {
    return { experiment: mlflowExperiment(answer.experiment) };
  },

  searchExperiments(answer: SearchExperimentsResponse): MlflowFields {
    return withPageToken({ experiments: answer.experiments.map(mlflowExperiment) }, answer.next_page_token);
  },

  run(answer: { run: RunView }): MlflowFields {
    return { run: mlflowRun(answer.run) };
  },

  updateRun(answer: { run_info: RunInfoView }): MlflowFields {
    return { run_info: mlflowRunInfo(answer.run_info) };
  },

  searchRuns(answer: SearchRunsResponse): MlflowFields {
    return withPageToken({ runs: answer.runs.map(mlflowRun) }, answer.next_page_token);
  },

  metricHistory(answer: GetMetricHistoryResponse): MlflowFields {
    return withPageToken({ metrics: answer.metrics }, answer.next_page_token);
  },

  listArtifacts(answer: ListArtifactsResponse): MlflowFields {
    return { root_uri: answer.root_uri, files: answer.files };
  },
};
