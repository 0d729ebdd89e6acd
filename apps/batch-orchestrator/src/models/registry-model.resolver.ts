import {
  BUILTIN_EXTRACTIVE_MODEL_URI,
  ResolveModelUriRequest,
  ResolveModelUriResponse,
  SUBJECTS,
} from '@llmops/contract';
import { RpcClient } from '@llmops/messaging';
import { BatchModel } from '../jobs/domain/batch-job';
import { ModelResolver } from './model-resolver';

/** Asks the registry; `models:/<name>/<stage|alias>` comes back pinned as `models:/<name>/<version>`. */
export class RegistryModelResolver extends ModelResolver {
  constructor(private readonly rpc: RpcClient) {
    super();
  }

  async resolve(modelUri: string): Promise<BatchModel> {
    if (modelUri === BUILTIN_EXTRACTIVE_MODEL_URI) {
      // The built-in baseline has no registry entry, no version and no run.
      return {
        requestedUri: modelUri,
        modelUri,
        name: null,
        version: null,
        runId: '',
        storageLocation: 'builtin:extractive',
      };
    }
    const resolved = await this.rpc.request<ResolveModelUriResponse, ResolveModelUriRequest>(
      SUBJECTS.registry.models.resolve,
      { uri: modelUri },
    );
    const pinned =
      resolved.name !== null && resolved.version !== null ? `models:/${resolved.name}/${resolved.version}` : modelUri;
    return {
      requestedUri: modelUri,
      modelUri: pinned,
      name: resolved.name,
      version: resolved.version === null ? null : String(resolved.version),
      runId: resolved.runId,
      storageLocation: resolved.storageLocation,
    };
  }
}
