import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { PREDICTIONS_ARTIFACT_PATH } from '@llmops/contract';
import { appendToArtifactUri, ArtifactRepositoryFactory } from '@llmops/artifacts';
import { assertRunActive } from '../../runs/domain/run';
import { requireRunInfo } from '../../runs/run-lookup';
import { TrackingStore } from '../../store/tracking-store';
import { ArtifactLocations } from '../../artifacts/artifact-locations';
import { toPredictionView } from '../prediction-view.mapper';

const EXPORT_PAGE = 1000;

@Injectable()
export class ExportPredictionsHandler {
  constructor(
    private readonly store: TrackingStore,
    private readonly artifacts: ArtifactRepositoryFactory,
    private readonly locations: ArtifactLocations,
  ) {}

  /**
   * Writes the run's predictions as JSONL (one row per line, the wire shape of `predictions.list`)
   * into its artifacts, so they can be downloaded like any artifact. Rows are read page by page and
   * streamed, so a large table never sits in memory at once.
   */
  async execute(runId: string): Promise<{ artifactPath: string; artifactUri: string; rows: number }> {
    const info = await this.store.transaction(({ runs }) => requireRunInfo(runs, runId));
    assertRunActive(info);
    let rows = 0;
    const store = this.store;
    async function* lines() {
      for (let offset = 0; ; offset += EXPORT_PAGE) {
        const page = await store.transaction(({ predictions }) => predictions.list(runId, offset, EXPORT_PAGE));
        for (const p of page) {
          rows += 1;
          yield Buffer.from(`${JSON.stringify(toPredictionView(p))}\n`);
        }
        if (page.length < EXPORT_PAGE) return;
      }
    }
    await this.artifacts
      .forUri(this.locations.storageUri(info.artifactUri))
      .writeFile(PREDICTIONS_ARTIFACT_PATH, Readable.from(lines()));
    return {
      artifactPath: PREDICTIONS_ARTIFACT_PATH,
      artifactUri: appendToArtifactUri(this.locations.presentRun(info), PREDICTIONS_ARTIFACT_PATH),
      rows,
    };
  }
}
