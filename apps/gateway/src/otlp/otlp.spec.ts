import { Writer } from 'protobufjs';
import { TRACE_LIMITS } from '@llmops/contract';
import { CHUNK_BYTES, chunkOtlpRequest } from './otlp-chunks';
import { decodeOtlpProtobuf } from './otlp-protobuf';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const SPAN = 'b7ad6b7169203331';

/** One span written with opentelemetry-proto's field numbers, independent of the decoder's descriptor. */
function oneSpan(extra: (w: Writer) => void = () => undefined): Buffer {
  const w = Writer.create();
  w.uint32(10).fork(); // resource_spans
  w.uint32(10)
    .fork()
    .uint32(10)
    .fork()
    .uint32(10)
    .string('service.name')
    .uint32(18)
    .fork()
    .uint32(10)
    .string('gw')
    .ldelim()
    .ldelim()
    .ldelim(); // resource.attributes
  w.uint32(18).fork(); // scope_spans
  w.uint32(18).fork(); // span
  w.uint32(10).bytes(Buffer.from(TRACE, 'hex'));
  w.uint32(18).bytes(Buffer.from(SPAN, 'hex'));
  w.uint32(42).string('summarize');
  w.uint32(48).int32(2); // SERVER
  w.uint32(57).fixed64('1700000000000000001');
  w.uint32(65).fixed64('1700000000500000000');
  // attributes: int, double, bool, array, kvlist
  w.uint32(74).fork().uint32(10).string('n').uint32(18).fork().uint32(24).int64('9007199254740993').ldelim().ldelim();
  w.uint32(74).fork().uint32(10).string('d').uint32(18).fork().uint32(33).double(0.5).ldelim().ldelim();
  w.uint32(74).fork().uint32(10).string('b').uint32(18).fork().uint32(16).bool(true).ldelim().ldelim();
  w.uint32(74)
    .fork()
    .uint32(10)
    .string('a')
    .uint32(18)
    .fork()
    .uint32(42)
    .fork()
    .uint32(10)
    .fork()
    .uint32(10)
    .string('x')
    .ldelim()
    .ldelim()
    .ldelim()
    .ldelim();
  w.uint32(90).fork().uint32(9).fixed64('1700000000100000000').uint32(18).string('token').ldelim(); // event
  w.uint32(122).fork().uint32(18).string('bad input').uint32(24).int32(2).ldelim(); // status
  extra(w);
  w.ldelim().ldelim().ldelim();
  return Buffer.from(w.finish());
}

describe('OTLP at the gateway', () => {
  it('decodes protobuf into OTLP/JSON: hex ids, 64-bit integers as text, every value kind, status and events', () => {
    const decoded = decodeOtlpProtobuf(oneSpan());
    const resource = decoded.resourceSpans![0];
    expect(resource.resource?.attributes).toEqual([{ key: 'service.name', value: { stringValue: 'gw' } }]);
    const span = resource.scopeSpans![0].spans![0];
    expect(span).toMatchObject({
      traceId: TRACE,
      spanId: SPAN,
      name: 'summarize',
      kind: 2,
      startTimeUnixNano: '1700000000000000001',
      endTimeUnixNano: '1700000000500000000',
      status: { message: 'bad input', code: 2 },
      events: [{ timeUnixNano: '1700000000100000000', name: 'token' }],
    });
    expect(span.parentSpanId).toBeUndefined();
    expect(span.attributes).toEqual([
      { key: 'n', value: { intValue: '9007199254740993' } },
      { key: 'd', value: { doubleValue: 0.5 } },
      { key: 'b', value: { boolValue: true } },
      { key: 'a', value: { arrayValue: { values: [{ stringValue: 'x' }] } } },
    ]);
  });

  it('refuses bodies that are not an export request with spans', () => {
    expect(() => decodeOtlpProtobuf(Buffer.alloc(0))).toThrow(/no spans found/);
    expect(() => decodeOtlpProtobuf(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f]))).toThrow(
      /Invalid OpenTelemetry protobuf/,
    );
    // kvlist inside kvlist, 40 deep: refused (by protobufjs's own depth limit, or ours below it).
    const deep = Writer.create();
    const depth = 40;
    deep.uint32(10).fork().uint32(18).fork().uint32(18).fork().uint32(74).fork().uint32(10).string('k');
    for (let i = 0; i < depth; i++) deep.uint32(18).fork().uint32(50).fork().uint32(10).fork().uint32(10).string('k');
    for (let i = 0; i < depth; i++) deep.ldelim().ldelim().ldelim();
    deep.ldelim().ldelim().ldelim().ldelim();
    expect(() => decodeOtlpProtobuf(Buffer.from(deep.finish()))).toThrow(/nest/);
  });

  it('splits an export into NATS-sized requests that keep resource and scope', () => {
    const span = (i: number) => ({
      traceId: TRACE,
      spanId: i.toString(16).padStart(16, '0'),
      name: 'x'.repeat(10_000),
      startTimeUnixNano: '1',
    });
    const request = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'a' } }] },
          scopeSpans: [{ scope: { name: 's' }, spans: Array.from({ length: 120 }, (_, i) => span(i + 1)) }],
        },
      ],
    };
    const chunks = chunkOtlpRequest(request);
    expect(chunks.length).toBeGreaterThan(1);
    const spans = chunks.flatMap((c) => c.resourceSpans!.flatMap((r) => r.scopeSpans!.flatMap((s) => s.spans!)));
    expect(spans.map((s) => s.spanId)).toEqual(request.resourceSpans[0].scopeSpans[0].spans.map((s) => s.spanId));
    for (const chunk of chunks) {
      expect(Buffer.byteLength(JSON.stringify(chunk))).toBeLessThan(CHUNK_BYTES + 20_000);
      expect(chunk.resourceSpans![0].resource).toEqual(request.resourceSpans[0].resource);
      expect(chunk.resourceSpans![0].scopeSpans![0].scope).toEqual({ name: 's' });
    }
    const many = {
      resourceSpans: [
        { scopeSpans: [{ spans: Array.from({ length: 2500 }, (_, i) => ({ ...span(i + 1), name: 'n' })) }] },
      ],
    };
    const counts = chunkOtlpRequest(many).map((c) => c.resourceSpans![0].scopeSpans![0].spans!.length);
    expect(counts).toEqual([TRACE_LIMITS.maxSpansPerIngest, TRACE_LIMITS.maxSpansPerIngest, 500]);
    expect(chunkOtlpRequest({})).toEqual([]);
    expect(() =>
      chunkOtlpRequest({ resourceSpans: [{ scopeSpans: [{ spans: [{ ...span(1), name: 'x'.repeat(1_000_000) }] }] }] }),
    ).toThrow(/larger than/);
  });
});
