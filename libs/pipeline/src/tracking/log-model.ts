import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveModelPackage } from '../model-package/model-package';
import { MLmodelDocument } from '../model-package/mlmodel';
import { Summarizer } from '../summarizer/summarizer';
import { TrackingSink } from './tracking-sink';

/** MLflow's run tag listing the models logged in a run (a JSON array). */
export const LOG_MODEL_HISTORY_TAG = 'mlflow.log-model.history';

export interface LoggedModel {
  mlmodel: MLmodelDocument;
  /** `runs:/<run_id>/<artifact_path>`, what the registry registers. */
  modelUri: string;
  /** MLflow 3's logged model of the package (`models:/<modelId>` for MLflow 3 clients). */
  modelId: string;
}

export interface LogModelOptions {
  inputExample?: string[];
  /** The logged model's name (default: the artifact path, as `mlflow.<flavor>.log_model(name=...)`). */
  name?: string;
}

/**
 * Packages the summarizer into a temp directory, uploads it as run artifacts under `artifactPath`
 * and appends its entry to the run's `mlflow.log-model.history` tag, as `mlflow.<flavor>.log_model`
 * does in MLflow 2; and records it as an MLflow 3 logged model of the run (PENDING until the files
 * are up, then READY, or FAILED), so MLflow 3 clients find it (`get_logged_model`,
 * `search_logged_models`, `models:/<model_id>`). The files stay in the run's artifacts, where MLflow
 * 2 clients and `runs:/` read them. The tag update is read-modify-write: log models of one run one
 * at a time.
 */
export async function logModel(
  sink: TrackingSink,
  runId: string,
  summarizer: Summarizer,
  artifactPath: string,
  options: LogModelOptions = {},
): Promise<LoggedModel> {
  const scratch = await mkdtemp(join(tmpdir(), 'llmops-log-model-'));
  try {
    const description = summarizer.describe();
    const modelId = await sink.createLoggedModel(runId, {
      name: options.name ?? artifactPath,
      artifactPath,
      modelType: 'summarizer',
      params: Object.fromEntries(Object.entries(description.settings).map(([k, v]) => [k, String(v)])),
      tags: { 'summarizer.flavor': summarizer.flavor, 'summarizer.model_id': description.modelId },
    });
    let mlmodel: MLmodelDocument;
    try {
      const dir = join(scratch, 'package');
      mlmodel = await saveModelPackage(summarizer, dir, {
        artifactPath,
        runId,
        modelId,
        inputExample: options.inputExample,
      });
      await sink.uploadArtifacts(runId, dir, artifactPath);
    } catch (error) {
      await sink.finalizeLoggedModel(modelId, 'FAILED').catch(() => undefined);
      throw error;
    }
    await sink.finalizeLoggedModel(modelId, 'READY');
    const history = parseHistory(await sink.getTag(runId, LOG_MODEL_HISTORY_TAG));
    history.push(historyEntry(mlmodel));
    await sink.setTag(runId, LOG_MODEL_HISTORY_TAG, JSON.stringify(history));
    return { mlmodel, modelUri: `runs:/${runId}/${artifactPath}`, modelId };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** One history entry: the MLmodel's identity, flavors and signature (MLflow's `get_tags_dict`). */
function historyEntry(mlmodel: MLmodelDocument): Record<string, unknown> {
  return {
    run_id: mlmodel.run_id,
    artifact_path: mlmodel.artifact_path,
    utc_time_created: mlmodel.utc_time_created,
    model_uuid: mlmodel.model_uuid,
    flavors: mlmodel.flavors,
    signature: mlmodel.signature,
    saved_input_example_info: mlmodel.saved_input_example_info,
    model_size_bytes: mlmodel.model_size_bytes,
  };
}

/** An absent or unreadable tag starts a new history rather than failing the log. */
function parseHistory(value: string | undefined): unknown[] {
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}
