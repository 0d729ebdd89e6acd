import { Injectable } from '@nestjs/common';
import { ArtifactRepositoryFactory, servedArtifactUri } from '@llmops/artifacts';
import { OtlpSpan, TRACE_TAG_KEYS } from '@llmops/contract';
import { ArtifactLocations } from '../../artifacts/artifact-locations';
import { TraceInfo } from '../domain/trace';
import { TraceRepository } from '../domain/trace.repository';
import { TraceViews } from '../trace-views';
import { parseTraceData, spansOfTraceData } from './trace-data';

/** What `traces.json` may weigh when read back (MLflow clients upload the whole trace in it). */
const MAX_TRACE_DATA_BYTES = 32 * 1024 * 1024;

/**
 * Traces with their spans (MLflow's GetTrace / BatchGetTraces). Spans come from the tracking
 * store; a trace whose client uploaded `traces.json` instead (2.x clients, or 3.x ones when OTLP
 * was not used) is read from its artifacts. Unknown ids are left out, as BatchGetTraces does.
 */
@Injectable()
export class GetTracesHandler {
  constructor(
    private readonly traces: TraceRepository,
    private readonly views: TraceViews,
    private readonly locations: ArtifactLocations,
    private readonly artifacts: ArtifactRepositoryFactory,
  ) {}

  async execute(traceIds: string[]): Promise<Array<{ info: TraceInfo; spans: OtlpSpan[] }>> {
    const infos = await this.traces.findInfos([...new Set(traceIds)]);
    const stored = await this.traces.spansOf(infos.map((i) => i.traceId));
    const places = await this.views.experimentLocations(infos.map((i) => i.experimentId));
    const out: Array<{ info: TraceInfo; spans: OtlpSpan[] }> = [];
    for (const info of infos) {
      let spans = stored.filter((s) => s.traceId === info.traceId).map((s) => s.span);
      if (spans.length === 0 && info.tags[TRACE_TAG_KEYS.spansLocation] !== 'TRACKING_STORE') {
        spans = await this.fromArtifacts(info, places.get(info.experimentId) ?? servedArtifactUri(info.experimentId));
      }
      out.push({ info, spans });
    }
    return out;
  }

  private async fromArtifacts(info: TraceInfo, experimentLocation: string): Promise<OtlpSpan[]> {
    const repository = this.artifacts.forUri(this.locations.traceStorageUri(info.traceId, experimentLocation));
    if (!(await repository.exists('traces.json'))) return [];
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of await repository.readFile('traces.json')) {
      size += (chunk as Buffer).length;
      // A trace too large to answer in one message is answered without spans rather than not at all.
      if (size > MAX_TRACE_DATA_BYTES) return [];
      chunks.push(chunk as Buffer);
    }
    try {
      return spansOfTraceData(parseTraceData(Buffer.concat(chunks).toString('utf8')), info.traceId);
    } catch {
      return [];
    }
  }
}
