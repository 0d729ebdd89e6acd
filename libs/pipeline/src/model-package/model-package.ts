import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidParameterError, LlmopsError, ModelLoadError } from '@llmops/contract';
import YAML from 'yaml';
import { flavorDefinition, LoadOptions } from '../summarizer/flavor-registry';
import { ParamSpec, SettingsRecord, SUMMARIZER_FLAVORS, Summarizer } from '../summarizer/summarizer';
import {
  INPUT_EXAMPLE_FILE,
  LLMOPS_FLAVOR_KEY,
  LlmopsSummarizerFlavorConfig,
  MLMODEL_FILE,
  MLmodelDocument,
  PACKAGE_FORMAT_VERSION,
  NODE_ENV_FILE,
  REQUIREMENTS_FILE,
  RuntimeVersions,
} from './mlmodel';
import { PIPELINE_VERSION, runtimeVersions } from './runtime-versions';

export interface SaveModelPackageOptions {
  /** Path of the model inside the run's artifacts (MLmodel `artifact_path`), e.g. `model`. */
  artifactPath: string;
  runId?: string;
  /** MLflow 3's logged model id, recorded as MLmodel's `model_id`. */
  modelId?: string;
  /** Articles for `input_example.json`; a short built-in news paragraph by default. */
  inputExample?: string[];
  /** Fixed uuid/time for reproducible packages (tests); random/now by default. */
  modelUuid?: string;
  now?: Date;
}

export interface LoadedModelPackage {
  summarizer: Summarizer;
  mlmodel: MLmodelDocument;
  dir: string;
}

export type { LoadOptions };

const DEFAULT_INPUT_EXAMPLE =
  'The city council approved the new budget on Tuesday after a three-hour debate. The plan raises ' +
  'spending on public transport by 12 percent and freezes property taxes for a second year.';

/** MLflow's `utc_time_created`: Python's `str(datetime.utcnow())`, microseconds included. */
export function mlflowUtcTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '000');
}

/** JSON with Python's `json.dumps` separators (`, ` and `: `), as MLflow writes its signature strings. */
export function pythonStyleJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonStyleJson).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${pythonStyleJson(v)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * MLflow signature JSON (the strings inside MLmodel's `signature`). Params are what a caller may
 * pass per request, with this model's own values as defaults; load-time settings (dtype, threads)
 * live in the flavor config only.
 */
export function signatureOf(params: readonly ParamSpec[], settings: SettingsRecord): MLmodelDocument['signature'] {
  return {
    inputs: pythonStyleJson([{ type: 'string', name: 'article', required: true }]),
    outputs: pythonStyleJson([{ type: 'string', name: 'summary', required: true }]),
    params: pythonStyleJson(
      params
        .filter((p) => p.perCall)
        .map((p) => ({ name: p.name, type: p.type, default: settings[p.name] ?? p.default, shape: null })),
    ),
  };
}

/**
 * Writes a packaged model into `dir` (created; must be empty): `MLmodel`, the flavor's files
 * (ONNX + tokenizer + config for onnx-seq2seq; nothing but settings for extractive),
 * `input_example.json` and `requirements.txt`. Returns the MLmodel document written.
 */
export async function saveModelPackage(
  summarizer: Summarizer,
  dir: string,
  options: SaveModelPackageOptions,
): Promise<MLmodelDocument> {
  if (!options.artifactPath || options.artifactPath.startsWith('/') || options.artifactPath.includes('..')) {
    throw new InvalidParameterError(`artifactPath must be a relative path (got '${options.artifactPath}')`);
  }
  if (existsSync(dir) && (!statSync(dir).isDirectory() || (await readdir(dir)).length > 0)) {
    throw new InvalidParameterError(`Cannot save a model package into ${dir}: it exists and is not an empty directory`);
  }
  const definition = flavorDefinition(summarizer.flavor);
  if (!definition) throw new InvalidParameterError(`Unknown summarizer flavor '${summarizer.flavor}'`);
  await mkdir(dir, { recursive: true });

  const flavorConfig = await definition.save(summarizer, dir);
  const example = options.inputExample ?? [DEFAULT_INPUT_EXAMPLE];
  await writeFile(join(dir, INPUT_EXAMPLE_FILE), JSON.stringify({ article: example }, null, 2) + '\n');
  const runtime = runtimeVersions();
  // pip tooling reads requirements.txt as Python packages: it lists none (a Node.js model), and
  // the Node runtime is described in a file of its own.
  await writeFile(
    join(dir, REQUIREMENTS_FILE),
    `# No Python packages: this model runs on Node.js (see ${NODE_ENV_FILE}).\n`,
  );
  await writeFile(join(dir, NODE_ENV_FILE), nodeEnvYaml(summarizer.flavor === 'onnx-seq2seq', runtime));
  flavorConfig.env = { node: NODE_ENV_FILE };

  const mlmodel: MLmodelDocument = {
    artifact_path: options.artifactPath,
    flavors: { [LLMOPS_FLAVOR_KEY]: flavorConfig },
    model_uuid: options.modelUuid ?? randomUUID().replace(/-/g, ''),
    ...(options.runId ? { run_id: options.runId } : {}),
    ...(options.modelId ? { model_id: options.modelId } : {}),
    saved_input_example_info: { artifact_path: INPUT_EXAMPLE_FILE, type: 'json_object' },
    signature: signatureOf(summarizer.paramSchema(), flavorConfig.settings),
    utc_time_created: mlflowUtcTime(options.now ?? new Date()),
    llmops_pipeline_version: PIPELINE_VERSION,
    runtime,
  };
  mlmodel.model_size_bytes = (await directorySize(dir)) + Buffer.byteLength(toMlmodelYaml(mlmodel));
  await writeFile(join(dir, MLMODEL_FILE), toMlmodelYaml(mlmodel));
  return mlmodel;
}

/**
 * `node_env.yaml`: the Node.js version and the npm packages (exact versions) the package was saved
 * with, as MLflow's `python_env.yaml` records Python and pip's.
 */
function nodeEnvYaml(onnx: boolean, runtime: RuntimeVersions): string {
  const dependencies: Record<string, string> = {
    ...(onnx
      ? {
          '@huggingface/transformers': runtime['@huggingface/transformers'],
          'onnxruntime-node': runtime['onnxruntime-node'],
        }
      : {}),
    '@llmops/pipeline': PIPELINE_VERSION,
  };
  return (
    '# The Node.js runtime of this package (npm packages, exact versions); requirements.txt is for pip.\n' +
    YAML.stringify({ node: runtime.node, dependencies })
  );
}

/** The MLmodel YAML; the time is quoted, as PyYAML writes it, so it stays a string on reading. */
export function toMlmodelYaml(mlmodel: MLmodelDocument): string {
  const doc = new YAML.Document(mlmodel);
  const time = doc.get('utc_time_created', true) as YAML.Scalar;
  time.type = YAML.Scalar.QUOTE_SINGLE;
  return doc.toString({ lineWidth: 0 });
}

async function directorySize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? await directorySize(path) : (await stat(path)).size;
  }
  return total;
}

/** Reads and validates `dir/MLmodel` without loading the model. ModelLoadError says what is wrong. */
export async function readModelPackage(dir: string): Promise<MLmodelDocument> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ModelLoadError(`Model package ${dir} does not exist or is not a directory`);
  }
  const path = join(dir, MLMODEL_FILE);
  if (!existsSync(path)) throw new ModelLoadError(`Model package ${dir} has no ${MLMODEL_FILE} file`);
  let parsed: unknown;
  try {
    parsed = YAML.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ModelLoadError(`${MLMODEL_FILE} in ${dir} is not valid YAML: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return validateMlmodel(parsed, dir);
}

function validateMlmodel(value: unknown, dir: string): MLmodelDocument {
  const fail = (why: string) => new ModelLoadError(`${MLMODEL_FILE} in ${dir} is invalid: ${why}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail('not a YAML mapping');
  const doc = value as Record<string, unknown>;
  const flavors = doc.flavors;
  if (typeof flavors !== 'object' || flavors === null) throw fail('no flavors');
  const config = (flavors as Record<string, unknown>)[LLMOPS_FLAVOR_KEY] as LlmopsSummarizerFlavorConfig | undefined;
  if (typeof config !== 'object' || config === null) {
    throw fail(
      `no '${LLMOPS_FLAVOR_KEY}' flavor (found: ${Object.keys(flavors).join(', ') || 'none'}); not a summarizer package`,
    );
  }
  if (!(SUMMARIZER_FLAVORS as readonly string[]).includes(config.flavor) || !flavorDefinition(config.flavor)) {
    throw fail(`unknown summarizer flavor '${String(config.flavor)}' (known: ${SUMMARIZER_FLAVORS.join(', ')})`);
  }
  if (typeof config.settings !== 'object' || config.settings === null || Array.isArray(config.settings)) {
    throw fail(`flavor '${config.flavor}' has no settings mapping`);
  }
  if (typeof config.format_version !== 'number' || config.format_version > PACKAGE_FORMAT_VERSION) {
    throw fail(
      `package format_version ${String(config.format_version)} is not supported (this library reads up to ${PACKAGE_FORMAT_VERSION})`,
    );
  }
  for (const key of ['artifact_path', 'model_uuid', 'utc_time_created'] as const) {
    if (typeof doc[key] !== 'string') throw fail(`'${key}' is missing`);
  }
  return value as MLmodelDocument;
}

/**
 * Validates the package and rebuilds its summarizer from nothing but the directory. Every failure
 * (missing MLmodel, bad YAML, unknown flavor, missing model file, bad settings) is ModelLoadError.
 */
export async function loadModelPackage(dir: string, options: LoadOptions = {}): Promise<LoadedModelPackage> {
  const mlmodel = await readModelPackage(dir);
  const config = mlmodel.flavors[LLMOPS_FLAVOR_KEY];
  const definition = flavorDefinition(config.flavor)!;
  try {
    const summarizer = await definition.load(dir, config, options);
    return { summarizer, mlmodel, dir };
  } catch (error) {
    if (error instanceof ModelLoadError) throw error;
    const message = error instanceof LlmopsError || error instanceof Error ? error.message : String(error);
    throw new ModelLoadError(`Model package ${dir} cannot be loaded: ${message}`, { cause: error });
  }
}
