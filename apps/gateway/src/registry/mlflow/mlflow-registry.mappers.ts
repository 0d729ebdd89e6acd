import type {
  ModelVersionView,
  RegisteredModelView,
  SearchModelVersionsResponse,
  SearchRegisteredModelsResponse,
} from '@llmops/contract';
import { mergedFields } from '../../http/request-fields';
import { compact, fieldsOf, listOf, MlflowFields, pick, pickEach, unlessEmpty } from '../../mlflow/mlflow-json';

/*
 * MLflow REST API 2.0 model registry <-> the registry contract. Requests: MLflow's field names,
 * from a JSON body or a query string, unknown fields dropped (the service validates the rest).
 * Answers: MLflow's protobuf JSON habits, i.e. unset fields and empty lists are absent, and no
 * platform-only field (storage_location) leaks into an MLflow client.
 */

const TAG = ['key', 'value'] as const;

/** Query strings carry booleans as text; MLflow's server reads 'true'/'false'. */
function bool(value: unknown): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value ?? undefined;
}

function search(source: unknown): MlflowFields {
  const f = fieldsOf(source);
  return compact({
    filter: unlessEmpty(f.filter),
    max_results: f.max_results ?? undefined,
    order_by: listOf(f.order_by),
    page_token: unlessEmpty(f.page_token),
  });
}

export const mlflowRegistryRequest = {
  createRegisteredModel(source: unknown): MlflowFields {
    const f = fieldsOf(source);
    return compact({ ...pick(f, ['name', 'description']), tags: pickEach(f.tags, TAG) });
  },
  name(source: unknown): MlflowFields {
    return pick(fieldsOf(source), ['name']);
  },
  renameRegisteredModel(source: unknown): MlflowFields {
    return pick(fieldsOf(source), ['name', 'new_name']);
  },
  updateRegisteredModel(source: unknown): MlflowFields {
    // MLflow allows an update without a description (a no-op); the contract wants one.
    const f = fieldsOf(source);
    return { ...pick(f, ['name']), description: f.description ?? '' };
  },
  setRegisteredModelTag(source: unknown): MlflowFields {
    return pick(fieldsOf(source), ['name', 'key', 'value']);
  },
  deleteRegisteredModelTag(source: unknown): MlflowFields {
    return pick(fieldsOf(source), ['name', 'key']);
  },
  searchRegisteredModels: search,
  getLatestVersions(source: unknown): MlflowFields {
    const f = fieldsOf(source);
    return compact({ ...pick(f, ['name']), stages: listOf(f.stages) });
  },
  setAlias(source: unknown): MlflowFields {
    return pick(fieldsOf(source), ['name', 'alias', 'version']);
  },
  alias(source: unknown): MlflowFields {
    return pick(fieldsOf(source), ['name', 'alias']);
  },
  createModelVersion(source: unknown): MlflowFields {
    // run_link has no counterpart here; dropped. MLflow 3's model_id names the logged model registered.
    const f = fieldsOf(source);
    return compact({
      ...pick(f, ['name', 'source', 'description']),
      run_id: unlessEmpty(f.run_id),
      model_id: unlessEmpty(f.model_id),
      tags: pickEach(f.tags, TAG),
    });
  },
  modelVersion(source: unknown): MlflowFields {
    return pick(fieldsOf(source), ['name', 'version']);
  },
  updateModelVersion(source: unknown): MlflowFields {
    const f = fieldsOf(source);
    return { ...pick(f, ['name', 'version']), description: f.description ?? '' };
  },
  searchModelVersions: search,
  transitionStage(source: unknown): MlflowFields {
    const f = fieldsOf(source);
    return compact({
      ...pick(f, ['name', 'version', 'stage']),
      archive_existing_versions: bool(f.archive_existing_versions),
    });
  },
  setModelVersionTag(source: unknown): MlflowFields {
    return pick(fieldsOf(source), ['name', 'version', 'key', 'value']);
  },
  deleteModelVersionTag(source: unknown): MlflowFields {
    return pick(fieldsOf(source), ['name', 'version', 'key']);
  },
};

/** Drops what protobuf JSON leaves out: null/undefined, empty strings of optional fields, empty lists. */
function present<T extends MlflowFields>(value: T, optionalStrings: readonly string[]): MlflowFields {
  const out: MlflowFields = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (v === '' && optionalStrings.includes(key)) continue;
    out[key] = v;
  }
  return out;
}

export function mlflowModelVersion(v: ModelVersionView): MlflowFields {
  return present(
    {
      name: v.name,
      version: v.version,
      creation_timestamp: v.creation_timestamp,
      last_updated_timestamp: v.last_updated_timestamp,
      user_id: v.user_id,
      current_stage: v.current_stage,
      description: v.description,
      source: v.source,
      run_id: v.run_id,
      status: v.status,
      tags: v.tags,
      aliases: v.aliases,
      model_id: v.model_id,
    },
    ['user_id', 'description', 'run_id', 'model_id'],
  );
}

export function mlflowRegisteredModel(m: RegisteredModelView): MlflowFields {
  return present(
    {
      name: m.name,
      creation_timestamp: m.creation_timestamp,
      last_updated_timestamp: m.last_updated_timestamp,
      user_id: m.user_id,
      description: m.description,
      latest_versions: m.latest_versions.map(mlflowModelVersion),
      tags: m.tags,
      aliases: m.aliases,
    },
    ['user_id', 'description'],
  );
}

function withPageToken(body: MlflowFields, token: string | undefined | null): MlflowFields {
  return token ? { ...body, next_page_token: token } : body;
}

export const mlflowRegistryResponse = {
  empty(): MlflowFields {
    return {};
  },
  registeredModel(answer: { registered_model: RegisteredModelView }): MlflowFields {
    return { registered_model: mlflowRegisteredModel(answer.registered_model) };
  },
  searchRegisteredModels(answer: SearchRegisteredModelsResponse): MlflowFields {
    return withPageToken(
      present({ registered_models: answer.registered_models.map(mlflowRegisteredModel) }, []),
      answer.next_page_token,
    );
  },
  modelVersion(answer: { model_version: ModelVersionView }): MlflowFields {
    return { model_version: mlflowModelVersion(answer.model_version) };
  },
  modelVersions(answer: { model_versions: ModelVersionView[] }): MlflowFields {
    return present({ model_versions: answer.model_versions.map(mlflowModelVersion) }, []);
  },
  searchModelVersions(answer: SearchModelVersionsResponse): MlflowFields {
    return withPageToken(
      present({ model_versions: answer.model_versions.map(mlflowModelVersion) }, []),
      answer.next_page_token,
    );
  },
  /** MLflow's GetModelVersionDownloadUri: where the packaged model is. */
  downloadUri(answer: { model_version: ModelVersionView }): MlflowFields {
    return { artifact_uri: answer.model_version.storage_location };
  },
};

/**
 * DELETE requests: MLflow clients send a JSON body; a query string is accepted too. The same
 * merge the route policy decides on (`requestFields`), so both read the same name.
 */
export function deleteFields(body: unknown, query: unknown): MlflowFields {
  return mergedFields(query, body);
}
