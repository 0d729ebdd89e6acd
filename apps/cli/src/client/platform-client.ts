import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import {
  InvalidParameterError,
  ResourceAlreadyExistsError,
  ResourceNotFoundError,
  type BatchDatasetView,
  type BatchJobDetailView,
  type BatchJobView,
  type DatasetFormat,
  type TableEntryView,
  type TableView,
  type ExperimentView,
  type HistoryEntryView,
  type ListArtifactsResponse,
  type ModelHistoryAtResponse,
  type RegisteredModelView,
  type RunView,
  type SearchExperimentsResponse,
  type SearchRunsResponse,
} from '@llmops/contract';
import { GatewayHttpClient } from './http-client';

/** A registered model version as the platform REST API returns it (snake_case, as MLflow). */
export interface ModelVersionJson {
  name: string;
  version: string;
  current_stage: string;
  source: string;
  run_id?: string;
  aliases?: string[];
  description?: string;
  storage_location?: string;
  creation_timestamp?: number;
}

export interface GatePolicy {
  min_rouge_l?: number;
  min_rouge_2?: number;
  max_latency_p95_ms?: number;
  max_failure_rate?: number;
  max_regression_vs_champion?: number;
}

export interface GatePolicyJson {
  name: string;
  policy: GatePolicy | null;
  source: 'model' | 'default' | 'none';
  user_id: string | null;
  updated_at: number | null;
}

export interface EvaluationJson {
  evaluation_run_id: string;
  metrics: Record<string, number>;
}

export interface TransitionJson {
  model_version: ModelVersionJson;
  gate_decision?: { passed: boolean; checks?: Array<Record<string, unknown>>; [key: string]: unknown };
}

export interface SummarizeResultJson {
  summary: string;
  truncated?: boolean;
  latency_ms?: number;
  [key: string]: unknown;
}

/**
 * Everything the CLI asks of a running platform, through the gateway's REST API only: the same
 * calls serve the embedded walkthrough (gateway on a loopback port) and a deployed platform.
 */
export class PlatformClient {
  constructor(readonly http: GatewayHttpClient) {}

  // --- tracking -------------------------------------------------------------------------------

  async getOrCreateExperiment(name: string): Promise<ExperimentView> {
    try {
      return (await this.http.get<{ experiment: ExperimentView }>(`/api/v1/experiments/by-name/${enc(name)}`))
        .experiment;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundError)) throw error;
    }
    try {
      const created = await this.http.post<{ experiment_id: string }>('/api/v1/experiments', { name });
      return (await this.http.get<{ experiment: ExperimentView }>(`/api/v1/experiments/${created.experiment_id}`))
        .experiment;
    } catch (error) {
      // Another client created it between our two calls.
      if (!(error instanceof ResourceAlreadyExistsError)) throw error;
      return (await this.http.get<{ experiment: ExperimentView }>(`/api/v1/experiments/by-name/${enc(name)}`))
        .experiment;
    }
  }

  async createRun(experimentId: string, runName: string, tags: Record<string, string> = {}): Promise<RunView> {
    const body = {
      experiment_id: experimentId,
      run_name: runName,
      start_time: Date.now(),
      tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
    };
    return (await this.http.post<{ run: RunView }>('/api/v1/runs', body)).run;
  }

  /** Every experiment (all pages), active ones unless `viewType` says otherwise. */
  async listExperiments(viewType: 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL' = 'ACTIVE_ONLY'): Promise<ExperimentView[]> {
    const all: ExperimentView[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.http.get<SearchExperimentsResponse>('/api/v1/experiments', {
        query: { view_type: viewType, page_token: pageToken },
      });
      all.push(...(page.experiments ?? []));
      pageToken = page.next_page_token;
    } while (pageToken);
    return all;
  }

  async getExperiment(experimentId: string): Promise<ExperimentView> {
    return (await this.http.get<{ experiment: ExperimentView }>(`/api/v1/experiments/${enc(experimentId)}`)).experiment;
  }

  /** An experiment by name, or else by id (a name wins when both could match). */
  async findExperiment(nameOrId: string): Promise<ExperimentView> {
    try {
      return (await this.http.get<{ experiment: ExperimentView }>(`/api/v1/experiments/by-name/${enc(nameOrId)}`))
        .experiment;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundError)) throw error;
    }
    try {
      return await this.getExperiment(nameOrId);
    } catch (error) {
      if (error instanceof ResourceNotFoundError || error instanceof InvalidParameterError) {
        throw new ResourceNotFoundError(`No experiment named or with id '${nameOrId}'`, { cause: error });
      }
      throw error;
    }
  }

  /** One directory of a run's artifacts (the root when no path). */
  async listArtifacts(runId: string, path?: string): Promise<ListArtifactsResponse> {
    return this.http.get<ListArtifactsResponse>(`/api/v1/runs/${enc(runId)}/artifacts`, { query: { path } });
  }

  async getRun(runId: string): Promise<RunView> {
    return (await this.http.get<{ run: RunView }>(`/api/v1/runs/${enc(runId)}`)).run;
  }

  async endRun(runId: string, status: 'FINISHED' | 'FAILED' | 'KILLED'): Promise<void> {
    await this.http.patch(`/api/v1/runs/${enc(runId)}`, { status, end_time: Date.now() });
  }

  async searchRuns(body: Record<string, unknown>): Promise<SearchRunsResponse> {
    return this.http.post<SearchRunsResponse>('/api/v1/runs/search', body);
  }

  async logBatch(
    runId: string,
    batch: {
      params?: Record<string, string>;
      metrics?: Record<string, number>;
      tags?: Record<string, string>;
      step?: number;
    },
  ): Promise<void> {
    const timestamp = Date.now();
    await this.http.post(`/api/v1/runs/${enc(runId)}/batch`, {
      params: Object.entries(batch.params ?? {}).map(([key, value]) => ({ key, value })),
      metrics: Object.entries(batch.metrics ?? {}).map(([key, value]) => ({
        key,
        value: Number.isFinite(value) ? value : String(value),
        timestamp,
        step: batch.step ?? 0,
      })),
      tags: Object.entries(batch.tags ?? {}).map(([key, value]) => ({ key, value })),
    });
  }

  async setTag(runId: string, key: string, value: string): Promise<void> {
    await this.http.put(`/api/v1/runs/${enc(runId)}/tags/${enc(key)}`, { value });
  }

  async logDataset(
    runId: string,
    dataset: { name: string; digest: string; source: string; rows: number },
    context: string,
  ): Promise<void> {
    await this.http.post(`/api/v1/runs/${enc(runId)}/datasets`, {
      datasets: [
        {
          tags: [{ key: 'mlflow.data.context', value: context }],
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

  async logPredictions(runId: string, rows: Array<Record<string, unknown>>): Promise<void> {
    const chunk = 500;
    for (let i = 0; i < rows.length; i += chunk) {
      await this.http.post(`/api/v1/runs/${enc(runId)}/predictions`, { rows: rows.slice(i, i + chunk) });
    }
  }

  /** Records the package at `artifactPath` of the run as an MLflow 3 logged model (PENDING); its id. */
  async createLoggedModel(
    runId: string,
    model: {
      name: string;
      artifactPath: string;
      modelType: string;
      params: Record<string, string>;
      tags: Record<string, string>;
    },
  ): Promise<string> {
    const answer = await this.http.post<{ model: { info: { model_id: string } } }>(
      `/api/v1/runs/${enc(runId)}/logged-models`,
      {
        name: model.name,
        artifact_path: model.artifactPath,
        model_type: model.modelType,
        params: Object.entries(model.params).map(([key, value]) => ({ key, value })),
        tags: Object.entries(model.tags).map(([key, value]) => ({ key, value })),
      },
    );
    return answer.model.info.model_id;
  }

  async finalizeLoggedModel(modelId: string, status: 'READY' | 'FAILED'): Promise<void> {
    await this.http.patch(`/api/v1/logged-models/${enc(modelId)}`, {
      status: status === 'READY' ? 'LOGGED_MODEL_READY' : 'LOGGED_MODEL_UPLOAD_FAILED',
    });
  }

  async exportPredictions(runId: string): Promise<void> {
    await this.http.post(`/api/v1/runs/${enc(runId)}/predictions/export`, {});
  }

  /** Uploads every file under `localDir` as run artifacts under `artifactPath`. */
  async uploadDirectory(runId: string, localDir: string, artifactPath: string): Promise<number> {
    let files = 0;
    for (const file of await listFiles(localDir)) {
      const rel = relative(localDir, file).split(sep).join('/');
      const target = artifactPath ? `${artifactPath}/${rel}` : rel;
      const size = (await stat(file)).size;
      await this.http.upload(
        `/api/v1/runs/${enc(runId)}/artifacts/${target.split('/').map(enc).join('/')}`,
        createReadStream(file),
        size,
        10 * 60_000,
      );
      files += 1;
    }
    return files;
  }

  // --- registry -------------------------------------------------------------------------------

  async ensureRegisteredModel(name: string, description: string): Promise<void> {
    try {
      await this.http.post('/api/v1/registered-models', { name, description });
    } catch (error) {
      if (!(error instanceof ResourceAlreadyExistsError)) throw error;
    }
  }

  async createModelVersion(name: string, source: string, runId: string, description?: string) {
    return (
      await this.http.post<{ model_version: ModelVersionJson }>(`/api/v1/registered-models/${enc(name)}/versions`, {
        source,
        run_id: runId,
        description,
      })
    ).model_version;
  }

  /** Every registered model (all pages). */
  async listRegisteredModels(filter?: string): Promise<RegisteredModelView[]> {
    const all: RegisteredModelView[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.http.get<{ registered_models?: RegisteredModelView[]; next_page_token?: string }>(
        '/api/v1/registered-models',
        { query: { filter, page_token: pageToken } },
      );
      all.push(...(page.registered_models ?? []));
      pageToken = page.next_page_token;
    } while (pageToken);
    return all;
  }

  async getRegisteredModel(name: string): Promise<RegisteredModelView> {
    return (await this.http.get<{ registered_model: RegisteredModelView }>(`/api/v1/registered-models/${enc(name)}`))
      .registered_model;
  }

  /** Every version of a model (all pages), in version order; not found when the model is unknown. */
  async listAllVersions(name: string): Promise<ModelVersionJson[]> {
    const all: ModelVersionJson[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.http.get<{ model_versions?: ModelVersionJson[]; next_page_token?: string }>(
        `/api/v1/registered-models/${enc(name)}/versions`,
        { query: { page_token: pageToken } },
      );
      all.push(...(page.model_versions ?? []));
      pageToken = page.next_page_token;
    } while (pageToken);
    return all.sort((a, b) => Number(a.version) - Number(b.version));
  }

  /** The model's stage transitions and alias moves, as the registry recorded them. */
  async historyEntries(name: string, version?: string): Promise<HistoryEntryView[]> {
    const answer = await this.http.get<{ entries?: HistoryEntryView[] }>(
      `/api/v1/registered-models/${enc(name)}/history`,
      { query: { version } },
    );
    return answer.entries ?? [];
  }

  /** Which version held a stage (or an alias) at a time (epoch ms or ISO 8601). */
  async historyAt(
    name: string,
    at: string | number,
    holder: { stage?: string; alias?: string },
  ): Promise<ModelHistoryAtResponse> {
    return this.http.get<ModelHistoryAtResponse>(`/api/v1/registered-models/${enc(name)}/history`, {
      query: { at, stage: holder.stage, alias: holder.alias },
    });
  }

  async listVersions(name: string): Promise<ModelVersionJson[]> {
    const answer = await this.http.get<{ model_versions?: ModelVersionJson[] }>(
      `/api/v1/registered-models/${enc(name)}/versions`,
    );
    return answer.model_versions ?? [];
  }

  async transition(
    name: string,
    version: string,
    body: {
      stage: string;
      archive_existing_versions?: boolean;
      reason?: string;
      gate?: GatePolicy;
      evaluation_run_id?: string;
      override_reason?: string;
      /** Evaluate the gate and say what would happen, changing nothing. */
      dry_run?: boolean;
    },
  ): Promise<TransitionJson> {
    return this.http.post<TransitionJson>(
      `/api/v1/registered-models/${enc(name)}/versions/${enc(version)}/stage`,
      body,
    );
  }

  /** The policy the model's promotions to Production are decided by (stored, default or none). */
  async getGatePolicy(name: string): Promise<GatePolicyJson> {
    return this.http.get<GatePolicyJson>(`/api/v1/registered-models/${enc(name)}/gate-policy`);
  }

  /** Stores the model's gate policy (approver). */
  async setGatePolicy(name: string, policy: GatePolicy): Promise<GatePolicyJson> {
    return this.http.put<GatePolicyJson>(`/api/v1/registered-models/${enc(name)}/gate-policy`, { policy });
  }

  async evaluate(name: string, version: string, datasetPath: string, limit?: number): Promise<EvaluationJson> {
    return this.http.post<EvaluationJson>(
      `/api/v1/registered-models/${enc(name)}/versions/${enc(version)}/evaluations`,
      { dataset_path: datasetPath, ...(limit ? { limit } : {}) },
      { timeoutMs: 60 * 60_000 },
    );
  }

  async history(name: string): Promise<Array<Record<string, unknown>>> {
    // The gateway answers `entries`; `history` is kept for older gateways.
    const answer = await this.http.get<{
      entries?: Array<Record<string, unknown>>;
      history?: Array<Record<string, unknown>>;
    }>(`/api/v1/registered-models/${enc(name)}/history`);
    return answer.entries ?? answer.history ?? [];
  }

  // --- inference --------------------------------------------------------------------------------

  async summarize(modelUri: string, articles: string[], settings?: Record<string, unknown>) {
    return this.http.post<{ results: SummarizeResultJson[]; [key: string]: unknown }>(
      '/api/v1/summarize',
      { model_uri: modelUri, articles, ...(settings ? { settings } : {}) },
      { timeoutMs: 10 * 60_000 },
    );
  }

  // --- batch ------------------------------------------------------------------------------------

  async submitBatchJob(job: SubmitBatchJob): Promise<BatchJobView> {
    const answer = await this.http.post<{ job?: BatchJobView } & Partial<BatchJobView>>('/api/v1/batch-jobs', job);
    return (answer.job ?? answer) as BatchJobView;
  }

  async getBatchJob(jobId: string): Promise<BatchJobDetailView> {
    const answer = await this.http.get<{ job?: BatchJobDetailView } & Partial<BatchJobDetailView>>(
      `/api/v1/batch-jobs/${enc(jobId)}`,
    );
    return (answer.job ?? answer) as BatchJobDetailView;
  }

  // --- datasets and tables ------------------------------------------------------------------

  /** Uploads a local file as a dataset (streamed); `created` is false when the same bytes were there. */
  async uploadDataset(
    name: string,
    file: string,
    format?: DatasetFormat,
  ): Promise<{ dataset: BatchDatasetView; created: boolean }> {
    const size = (await stat(file)).size;
    return this.http.upload(
      `/api/v1/datasets/${encName(name)}`,
      createReadStream(file),
      size,
      10 * 60_000,
      format ? DATASET_CONTENT_TYPE_OF[format] : 'application/octet-stream',
    );
  }

  async getDataset(name: string): Promise<BatchDatasetView> {
    return (await this.http.get<{ dataset: BatchDatasetView }>(`/api/v1/datasets/${encName(name)}`)).dataset;
  }

  async listDatasets(filter: { prefix?: string; limit?: number } = {}): Promise<BatchDatasetView[]> {
    const answer = await this.http.get<{ datasets?: BatchDatasetView[] }>('/api/v1/datasets', {
      query: { prefix: filter.prefix, limit: filter.limit },
    });
    return answer.datasets ?? [];
  }

  async deleteDataset(name: string): Promise<void> {
    await this.http.delete(`/api/v1/datasets/${encName(name)}`);
  }

  async getTable(name: string): Promise<TableView> {
    return (await this.http.get<{ table: TableView }>(`/api/v1/tables/${encName(name)}`)).table;
  }

  async listTables(filter: { limit?: number } = {}): Promise<TableEntryView[]> {
    const answer = await this.http.get<{ tables?: TableEntryView[] }>('/api/v1/tables', {
      query: { limit: filter.limit },
    });
    return answer.tables ?? [];
  }

  async listBatchJobs(filter: { state?: string; limit?: number } = {}): Promise<BatchJobView[]> {
    const answer = await this.http.get<{ jobs?: BatchJobView[] }>('/api/v1/batch-jobs', {
      query: { state: filter.state, limit: filter.limit },
    });
    return answer.jobs ?? [];
  }
}

/** The content type an upload of a format declares (octet-stream: the name's extension decides). */
const DATASET_CONTENT_TYPE_OF: Record<DatasetFormat, string> = {
  jsonl: 'application/x-ndjson',
  csv: 'text/csv',
  parquet: 'application/vnd.apache.parquet',
};

/** A dataset or table name as a URL path: each segment encoded, the slashes kept. */
function encName(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/');
}

export interface SubmitBatchJob {
  datasetUri: string;
  modelUri?: string;
  outputTable: string;
  partitionSize?: number;
  keepColumns?: string[];
}

function enc(value: string): string {
  return encodeURIComponent(value);
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? listFiles(path) : Promise.resolve([path]);
    }),
  );
  return nested.flat().sort();
}
