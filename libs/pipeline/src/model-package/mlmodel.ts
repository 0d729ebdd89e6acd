import { SettingsRecord, SummarizerFlavorName } from '../summarizer/summarizer';

/** File names inside a packaged model directory (MLflow's layout). */
export const MLMODEL_FILE = 'MLmodel';
export const INPUT_EXAMPLE_FILE = 'input_example.json';
/** pip's file: this package needs no Python package, and says so (pip tooling reads it). */
export const REQUIREMENTS_FILE = 'requirements.txt';
/** The Node.js runtime and npm packages the package was saved with (the counterpart of `python_env.yaml`). */
export const NODE_ENV_FILE = 'node_env.yaml';
/** The flavor key under `flavors:` in MLmodel. */
export const LLMOPS_FLAVOR_KEY = 'llmops_summarizer';
/** Bumped when the package layout changes incompatibly. */
export const PACKAGE_FORMAT_VERSION = 1;

/** Our flavor's entry in MLmodel (`flavors.llmops_summarizer`). */
export interface LlmopsSummarizerFlavorConfig {
  flavor: SummarizerFlavorName;
  /** The model the package was built from (a Hugging Face id, a directory name, or the method). */
  model_id: string;
  /** Model files folder, relative to the package; absent for flavors without weights. */
  model_dir?: string;
  settings: SettingsRecord;
  format_version: number;
  /** The environment files (as MLflow's pyfunc flavor lists `python_env.yaml`): `{ node: node_env.yaml }`. */
  env?: { node: string };
}

export interface RuntimeVersions {
  node: string;
  '@huggingface/transformers': string;
  'onnxruntime-node': string;
  '@llmops/pipeline': string;
}

/**
 * The `MLmodel` document, with MLflow's own key names (snake_case) since it is a file format.
 * `signature.inputs/outputs/params` are JSON strings inside the YAML, as MLflow writes them.
 */
export interface MLmodelDocument {
  artifact_path: string;
  flavors: { [LLMOPS_FLAVOR_KEY]: LlmopsSummarizerFlavorConfig } & Record<string, unknown>;
  model_uuid: string;
  /** Absent when the package was not saved for a run. */
  run_id?: string;
  /** MLflow 3: the logged model the package belongs to (`m-<32 hex>`), when there is one. */
  model_id?: string;
  /** Total size of the package's files, as MLflow 2.x records it. */
  model_size_bytes?: number;
  saved_input_example_info: { artifact_path: string; type: 'json_object' };
  signature: { inputs: string; outputs: string; params: string };
  /** `YYYY-MM-DD HH:MM:SS.ffffff`, UTC, as MLflow writes it. */
  utc_time_created: string;
  /** Runtime record in place of MLflow's `mlflow_version`. */
  llmops_pipeline_version: string;
  runtime: RuntimeVersions;
}
