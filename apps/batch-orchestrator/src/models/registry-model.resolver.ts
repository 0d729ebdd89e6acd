import { ResolveModelUriRequest, ResolveModelUriResponse, SUBJECTS } from '@llmops/contract';
import { RpcClient } from '@llmops/messaging';
import { BatchModel } from '../jobs/domain/batch-job';
import { ModelResolver } from './model-resolver';

/** Asks the registry; `models:/<name>/<stage|alias>` comes back pinned as `models:/<name>/<version>`. */
export class RegistryModelResolver extends ModelResolver {
  constructor(private readonly rpc: RpcClient) {
    super();
  }

  async resolve(modelUri: string): Promise<BatchModel> {
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
