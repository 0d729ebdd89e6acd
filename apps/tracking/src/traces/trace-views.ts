import { Injectable } from '@nestjs/common';
import { servedArtifactUri } from '@llmops/artifacts';
import { TraceInfoView } from '@llmops/contract';
import { ArtifactLocations } from '../artifacts/artifact-locations';
import { TrackingStore } from '../store/tracking-store';
import { TraceInfo } from './domain/trace';
import { TraceRepository } from './domain/trace.repository';
import { toTraceInfoView } from './trace-view.mapper';

/** Trace infos as the wire carries them: with their assessments and the location of `traces.json`. */
@Injectable()
export class TraceViews {
  constructor(
    private readonly store: TrackingStore,
    private readonly traces: TraceRepository,
    private readonly locations: ArtifactLocations,
  ) {}

  async of(infos: TraceInfo[]): Promise<TraceInfoView[]> {
    const assessments = await this.traces.assessmentsOf(infos.map((i) => i.traceId));
    const places = await this.experimentLocations(infos.map((i) => i.experimentId));
    return infos.map((info) =>
      toTraceInfoView(
        info,
        assessments.filter((a) => a.traceId === info.traceId),
        this.locations,
        places.get(info.experimentId) ?? servedArtifactUri(info.experimentId),
      ),
    );
  }

  async experimentLocations(experimentIds: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(experimentIds)];
    return this.store.transaction(async ({ experiments }) => {
      const places = new Map<string, string>();
      for (const id of unique) {
        const experiment = await experiments.findById(id);
        if (experiment) places.set(id, experiment.artifactLocation);
      }
      return places;
    });
  }
}
