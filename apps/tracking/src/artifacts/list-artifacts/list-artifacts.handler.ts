import { Injectable } from '@nestjs/common';
import { ArtifactFileInfo, ArtifactRepositoryFactory, safeArtifactPath } from '@llmops/artifacts';
import { requireRunInfo } from '../../runs/run-lookup';
import { TrackingStore } from '../../store/tracking-store';
import { ArtifactLocations } from '../artifact-locations';

@Injectable()
export class ListArtifactsHandler {
  constructor(
    private readonly store: TrackingStore,
    private readonly artifacts: ArtifactRepositoryFactory,
    private readonly locations: ArtifactLocations,
  ) {}

  /** Direct children of a directory of the run's artifacts, as MLflow lists them. */
  async execute(runId: string, path?: string): Promise<{ rootUri: string; files: ArtifactFileInfo[] }> {
    const safe = safeArtifactPath(path);
    const info = await this.store.transaction(({ runs }) => requireRunInfo(runs, runId));
    const files = await this.artifacts.forUri(this.locations.storageUri(info.artifactUri)).list(safe);
    return { rootUri: this.locations.presentRun(info), files };
  }
}
