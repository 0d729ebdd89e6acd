import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { Controller, INestMicroservice } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { context, propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { InMemorySpanExporter, ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { InProcessBus, InProcessRpcClient, rejectionOf, startService } from '@llmops/messaging';
import { InvalidParameterError } from '@llmops/contract';
import { JsonLogger } from '../json-logger';
import { initTracing, Tracing } from './tracing';
import { inSpan } from './spans';
import { RpcSpanExporter } from './rpc-span.exporter';

const ECHO = 'tracing-test.v1.echo';
const FAIL = 'tracing-test.v1.fail';
const lines: string[] = [];
const logger = new JsonLogger({ service: 'tracing-test', write: (l) => lines.push(l) });

@Controller()
class EchoController {
  @MessagePattern(ECHO)
  async echo(payload: { text: string }): Promise<{ text: string }> {
    return inSpan('model.echo', {}, async () => {
      logger.log({ message: 'echoing', marker: payload.text });
      return payload;
    });
  }

  @MessagePattern(FAIL)
  fail(): never {
    throw new InvalidParameterError('no thanks');
  }
}

describe('tracing across the message transport (in-process bus, as embedded mode runs it)', () => {
  const memory = new InMemorySpanExporter();
  let tracing: Tracing;
  let app: INestMicroservice;
  let client: InProcessRpcClient;

  beforeAll(async () => {
    tracing = initTracing({
      service: 'tracing-test',
      env: { OTEL_SDK_DISABLED: 'false' },
      processors: [new SimpleSpanProcessor(memory)],
    });
    const bus = new InProcessBus();
    app = await startService(
      { module: class M {}, controllers: [EchoController] },
      { kind: 'in-process', bus },
      {
        queue: 'tracing-test',
        logger: false,
      },
    );
    client = new InProcessRpcClient(bus, 5_000);
  });

  afterAll(async () => {
    await app.close();
    await tracing.shutdown();
  });

  beforeEach(() => memory.reset());

  const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
  const callerContext = () => propagation.extract(ROOT_CONTEXT, { traceparent });

  it("continues the caller's trace: CLIENT span, SERVER span under it, the handler's spans and log lines under that", async () => {
    await context.with(callerContext(), () => client.request(ECHO, { text: 'hello-trace' }));
    const spans = memory.getFinishedSpans();
    const byName = (name: string) => spans.find((s) => s.name === name) as ReadableSpan;
    const clientSpan = spans.find((s) => s.name === ECHO && s.kind === SpanKind.CLIENT)!;
    const serverSpan = spans.find((s) => s.name === ECHO && s.kind === SpanKind.SERVER)!;
    expect(spans.map((s) => s.spanContext().traceId)).toEqual(spans.map(() => '0af7651916cd43dd8448eb211c80319c'));
    expect(clientSpan.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(serverSpan.parentSpanContext?.spanId).toBe(clientSpan.spanContext().spanId);
    expect(byName('model.echo').parentSpanContext?.spanId).toBe(serverSpan.spanContext().spanId);
    expect(serverSpan.attributes).toMatchObject({ 'messaging.system': 'nats', 'messaging.destination.name': ECHO });
    const line = lines.map((l) => JSON.parse(l)).find((l) => l.marker === 'hello-trace');
    expect(line).toMatchObject({
      trace_id: '0af7651916cd43dd8448eb211c80319c',
      span_id: byName('model.echo').spanContext().spanId,
    });
  });

  it('marks both sides of a failed request as errors with the error code', async () => {
    await rejectionOf(client.request(FAIL, {}));
    const failed = memory.getFinishedSpans().filter((s) => s.name === FAIL);
    expect(failed.map((s) => s.kind).sort()).toEqual([SpanKind.SERVER, SpanKind.CLIENT].sort());
    for (const span of failed) {
      expect(span.status.code).toBe(2);
      expect(span.attributes['error.type']).toBe('INVALID_PARAMETER_VALUE');
    }
  });

  it('exports spans as OTLP/JSON over the RPC client, in chunks, without tracing the export itself', async () => {
    await client.request(ECHO, { text: 'to-export' });
    const spans = memory.getFinishedSpans();
    memory.reset();
    const sent: Array<{ subject: string; payload: any }> = [];
    const exporter = new RpcSpanExporter(
      {
        request: async (subject: string, payload: unknown) => {
          // The export runs with tracing suppressed: a span started here is not recorded.
          trace.getTracer('x').startSpan('inside-export').end();
          sent.push({ subject, payload });
          return { accepted: 1 } as never;
        },
      },
      { subject: 'tracking.v1.traces.ingest-otlp', experimentId: '7', maxSpansPerRequest: 2 },
    );
    const result = await new Promise<{ code: number }>((resolve) => exporter.export(spans, resolve));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(sent).toHaveLength(Math.ceil(spans.length / 2));
    expect(sent[0].payload.experimentId).toBe('7');
    const otlpSpan = sent[0].payload.request.resourceSpans[0].scopeSpans[0].spans[0];
    expect(otlpSpan.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(otlpSpan.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(sent[0].payload.request.resourceSpans[0].resource.attributes).toContainEqual({
      key: 'service.name',
      value: { stringValue: 'tracing-test' },
    });
    expect(memory.getFinishedSpans().map((s) => s.name)).not.toContain('inside-export');
    // What OpenTelemetry's own JSON serializer writes, as it arrives over NATS (JSON on the wire).
    expect(JSON.parse(JSON.stringify(sent[0].payload.request))).toEqual(
      JSON.parse(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans.slice(0, 2)))),
    );
  });

  it('reports a failed export as FAILED (the batch processor logs it and drops those spans)', async () => {
    const exporter = new RpcSpanExporter(
      { request: async () => Promise.reject(new Error('store down')) },
      { subject: 'tracking.v1.traces.ingest-otlp' },
    );
    await context.with(callerContext(), () => client.request(ECHO, { text: 'x' }));
    const result = await new Promise<{ code: number }>((resolve) =>
      exporter.export(memory.getFinishedSpans(), resolve),
    );
    expect(result.code).toBe(ExportResultCode.FAILED);
  });
});
