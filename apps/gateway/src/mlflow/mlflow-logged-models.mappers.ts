import type {
  CreateLoggedModelRequest,
  FinalizeLoggedModelRequest,
  LogLoggedModelParamsRequest,
  LogOutputsRequest,
  SearchLoggedModelsRequest,
  SearchLoggedModelsResponse,
  SetLoggedModelTagsRequest,
} from '@llmops/contract';
import { compact, fieldsOf, listOf, pick, pickEach, runIdOf, unlessEmpty } from './mlflow-json';

/*
 * MLflow 3's logged-model REST API <-> the tracking contract (which uses MLflow's field names). The
 * model id always comes from the URL (`/logged-models/{model_id}`), never from the body, so the
 * permission checked on the URL's model is the one the service acts on.
 */
const KEY_VALUE = ['key', 'value'] as const;

export const mlflowLoggedModelRequest = {
  create(source: unknown): CreateLoggedModelRequest {
    const f = fieldsOf(source);
    return compact({
      ...pick(f, ['experiment_id', 'name', 'model_type', 'source_run_id']),
      params: pickEach(f.params, KEY_VALUE),
      tags: pickEach(f.tags, KEY_VALUE),
    }) as unknown as CreateLoggedModelRequest;
  },

  finalize(modelId: string, source: unknown): FinalizeLoggedModelRequest {
    return { model_id: modelId, ...pick(fieldsOf(source), ['status']) } as unknown as FinalizeLoggedModelRequest;
  },

  setTags(modelId: string, source: unknown): SetLoggedModelTagsRequest {
    return { model_id: modelId, tags: pickEach(fieldsOf(source).tags ?? [], KEY_VALUE) } as SetLoggedModelTagsRequest;
  },

  logParams(modelId: string, source: unknown): LogLoggedModelParamsRequest {
    return {
      model_id: modelId,
      params: pickEach(fieldsOf(source).params ?? [], KEY_VALUE),
    } as LogLoggedModelParamsRequest;
  },

  search(source: unknown): SearchLoggedModelsRequest {
    const f = fieldsOf(source);
    return compact({
      experiment_ids: listOf(f.experiment_ids) ?? [],
      filter: unlessEmpty(f.filter),
      datasets: pickEach(f.datasets, ['dataset_name', 'dataset_digest']),
      max_results: f.max_results ?? undefined,
      order_by: pickEach(f.order_by, ['field_name', 'ascending', 'dataset_name', 'dataset_digest']),
      page_token: unlessEmpty(f.page_token),
    }) as unknown as SearchLoggedModelsRequest;
  },

  logOutputs(source: unknown): LogOutputsRequest {
    const f = fieldsOf(source);
    return compact({
      run_id: runIdOf(f),
      models: pickEach(f.models, ['model_id', 'step']),
    }) as unknown as LogOutputsRequest;
  },
};

export const mlflowLoggedModelResponse = {
  search(answer: SearchLoggedModelsResponse) {
    return answer.next_page_token ? answer : { models: answer.models };
  },
};
