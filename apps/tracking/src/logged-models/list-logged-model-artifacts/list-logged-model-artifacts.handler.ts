import { Injectable } from '@nestjs/common';
import { ArtifactFileInfo, ArtifactRepositoryFactory, safeArtifactPath } from '@llmops/artifacts';
import { ArtifactLocations } from '../../artifacts/artifact-locations';
import { TrackingStore } from '../../store/tracking-store';
import { requireLoggedModel } from '../logged-model-lookup';

/** MLflow 3's ListLoggedModelArtifacts: direct children of a directory of the model's artifacts. */
@Injectable()
export class ListLoggedModelArtifactsHandler {
  constructor(
    private readonly store: TrackingStore,
    private readonly artifacts: ArtifactRepositoryFactory,
    private readonly locations: ArtifactLocations,
  ) {}

  async execute(modelId: string, path?: string): Promise<{ rootUri: string; files: ArtifactFileInfo[] }> {
    const safe = safeArtifactPath(path);
    const model = await this.store.transaction(({ loggedModels }) => requireLoggedModel(loggedModels, modelId));
    const files = await this.artifacts.forUri(this.locations.storageUri(model.artifactLocation)).list(safe);
    return { rootUri: this.locations.presentLoggedModel(model), files };
  }
}
