import {
  BUILTIN_EXTRACTIVE_MODEL_URI,
  InvalidParameterError,
  parseModelUri,
  ResolveArtifactRootResponse,
  ResolveModelUriResponse,
  SUBJECTS,
} from '@llmops/contract';
import { appendToArtifactUri } from '@llmops/artifacts';
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

/** `runs:/<run_id>/<path>`: the run's artifact root, asked of tracking, plus the path. */
export class RunUriStrategy implements ModelUriStrategy {
  constructor(private readonly rpc: RpcClient) {}

  handles(modelUri: string): boolean {
    return modelUri.startsWith('runs:/');
  }

  async resolve(modelUri: string): Promise<ResolvedModelLocation> {
    const parsed = parseModelUri(modelUri);
    if (parsed.kind !== 'run') throw new InvalidParameterError(`Not a run URI: ${modelUri}`);
    const root = await this.rpc.request<ResolveArtifactRootResponse>(SUBJECTS.tracking.artifacts.resolveRoot, {
      run_id: parsed.runId,
    });
    return { modelUri, runId: parsed.runId, storageLocation: appendToArtifactUri(root.artifact_uri, parsed.path) };
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
      storageLocation: resolved.storageLocation,
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
