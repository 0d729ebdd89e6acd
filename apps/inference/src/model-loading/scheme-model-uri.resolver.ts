import {
  BUILTIN_EXTRACTIVE_MODEL_URI,
  InvalidParameterError,
  parseModelUri,
  ResolveArtifactLocationResponse,
  ResolveModelUriResponse,
  SUBJECTS,
} from '@llmops/contract';
import { SERVED_ARTIFACTS_SCHEME } from '@llmops/artifacts';
import { RpcClient } from '@llmops/messaging';
import { ModelUriResolver, ModelUriStrategy } from './model-uri-resolver';
import { BUILTIN_EXTRACTIVE_LOCATION, ResolvedModelLocation } from './resolved-model';

/** Picks the strategy that handles the URI's scheme; a URI none handles is INVALID_PARAMETER_VALUE. */
export class SchemeModelUriResolver extends ModelUriResolver {
  constructor(private readonly strategies: readonly ModelUriStrategy[]) {
    super();
  }

  async resolve(modelUri: string): Promise<ResolvedModelLocation> {
    const strategy = this.strategies.find((s) => s.handles(modelUri));
    if (!strategy) {
      throw new InvalidParameterError(
        `Unsupported model URI '${modelUri}': expected runs:/<run_id>/<path>, models:/<name>/<version|stage>, models:/<name>@<alias> or ${BUILTIN_EXTRACTIVE_MODEL_URI}`,
      );
    }
    return strategy.resolve(modelUri);
  }
}

/**
 * Where the bytes of an artifact location are. Tracking owns the artifact store's root, so it maps
 * served locations (`mlflow-artifacts:/...`, what the registry records) and `runs:/` URIs (a run's
 * artifacts, or MLflow 3's logged model of that name) to storage URIs.
 */
async function storageOf(rpc: RpcClient, uri: string): Promise<string> {
  const located = await rpc.request<ResolveArtifactLocationResponse>(SUBJECTS.tracking.artifacts.resolveLocation, {
    uri,
  });
  return located.storage_uri;
}

/** `runs:/<run_id>/<path>`: resolved by tracking (the run's artifacts or its logged model of that name). */
export class RunUriStrategy implements ModelUriStrategy {
  constructor(private readonly rpc: RpcClient) {}

  handles(modelUri: string): boolean {
    return modelUri.startsWith('runs:/');
  }

  async resolve(modelUri: string): Promise<ResolvedModelLocation> {
    const parsed = parseModelUri(modelUri);
    if (parsed.kind !== 'run') throw new InvalidParameterError(`Not a run URI: ${modelUri}`);
    return { modelUri, runId: parsed.runId, storageLocation: await storageOf(this.rpc, modelUri) };
  }
}

/** `models:/...`: the registry resolves name + version/stage/alias to a storage location. */
export class RegistryUriStrategy implements ModelUriStrategy {
  constructor(private readonly rpc: RpcClient) {}

  handles(modelUri: string): boolean {
    return modelUri.startsWith('models:/');
  }

  async resolve(modelUri: string): Promise<ResolvedModelLocation> {
    const resolved = await this.rpc.request<ResolveModelUriResponse>(SUBJECTS.registry.models.resolve, {
      uri: modelUri,
    });
    return {
      modelUri,
      ...(resolved.name !== null ? { name: resolved.name } : {}),
      ...(resolved.version !== null ? { version: resolved.version } : {}),
      runId: resolved.runId,
      // Versions record the served location (what MLflow clients download); older ones a file:// one.
      storageLocation: resolved.storageLocation.startsWith(`${SERVED_ARTIFACTS_SCHEME}:`)
        ? await storageOf(this.rpc, resolved.storageLocation)
        : resolved.storageLocation,
    };
  }
}

/** `extractive`: the built-in baseline; reads no files, so it is safe to offer remote callers. */
export class BuiltinExtractiveStrategy implements ModelUriStrategy {
  handles(modelUri: string): boolean {
    return modelUri === BUILTIN_EXTRACTIVE_MODEL_URI;
  }

  async resolve(modelUri: string): Promise<ResolvedModelLocation> {
    return { modelUri, runId: '', storageLocation: BUILTIN_EXTRACTIVE_LOCATION };
  }
}
