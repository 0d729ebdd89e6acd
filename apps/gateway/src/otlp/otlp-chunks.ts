import {
  InvalidParameterError,
  OtlpExportTraceServiceRequest,
  OtlpResourceSpans,
  OtlpScopeSpans,
  OtlpSpan,
  TRACE_LIMITS,
} from '@llmops/contract';

/** Bytes of spans per message to tracking, well below NATS's default 1 MB payload. */
export const CHUNK_BYTES = 512 * 1024;
/** A single span must fit in one message with room for its envelope. */
export const MAX_SPAN_BYTES = 900 * 1024;

/**
 * An export request as requests of at most `CHUNK_BYTES` and `maxSpansPerIngest` spans, each
 * keeping its spans' resource and scope. Spans of one trace are sent in order; the tracking
 * service stores each piece as it comes (a failure part-way leaves the pieces before it stored,
 * and the sender's retry stores them again, replacing them).
 */
export function chunkOtlpRequest(request: OtlpExportTraceServiceRequest): OtlpExportTraceServiceRequest[] {
  if (request.resourceSpans !== undefined && !Array.isArray(request.resourceSpans)) {
    throw new InvalidParameterError('Invalid OTLP request: resourceSpans must be a list');
  }
  const chunks: OtlpExportTraceServiceRequest[] = [];
  let current: OtlpResourceSpans[] = [];
  let bytes = 0;
  let count = 0;
  const flush = () => {
    if (count > 0) chunks.push({ resourceSpans: current });
    current = [];
    bytes = 0;
    count = 0;
  };
  for (const rs of request.resourceSpans ?? []) {
    for (const ss of Array.isArray(rs?.scopeSpans) ? rs.scopeSpans : []) {
      const spans: OtlpSpan[] = Array.isArray(ss?.spans) ? ss.spans : [];
      let target: OtlpScopeSpans | undefined;
      for (const span of spans) {
        const size = Buffer.byteLength(JSON.stringify(span));
        if (size > MAX_SPAN_BYTES) throw new InvalidParameterError(`A span is larger than ${MAX_SPAN_BYTES} bytes`);
        if (count > 0 && (bytes + size > CHUNK_BYTES || count >= TRACE_LIMITS.maxSpansPerIngest)) {
          flush();
          target = undefined;
        }
        if (!target) {
          target = { ...ss, spans: [] };
          current.push({ ...rs, scopeSpans: [target] });
        }
        target.spans!.push(span);
        bytes += size;
        count++;
      }
    }
  }
  flush();
  return chunks;
}
