import { Controller, INestMicroservice } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { InvalidParameterError, RPC_HEADERS } from '@llmops/contract';
import { InProcessBus, InProcessRpcClient, rejectionOf, startService } from '@llmops/messaging';
import { JsonLogger } from './json-logger';
import { createMetricsRegistry } from './ops-server';
import { RpcLogInterceptor } from './rpc-log.interceptor';

const ECHO = 'observability-test.v1.echo';
const FAIL = 'observability-test.v1.fail';
const HEALTH = 'observability-test.v1.health';

@Controller()
class EchoController {
  @MessagePattern(ECHO)
  echo(payload: { text: string }): { text: string } {
    return payload;
  }

  @MessagePattern(FAIL)
  fail(): never {
    throw new InvalidParameterError('no thanks');
  }

  @MessagePattern(HEALTH)
  health(): { status: string } {
    return { status: 'ok' };
  }
}

describe('RpcLogInterceptor (registered through startService)', () => {
  let app: INestMicroservice;
  let client: InProcessRpcClient;
  const lines: string[] = [];
  const registry = createMetricsRegistry('observability-test');

  beforeAll(async () => {
    const bus = new InProcessBus();
    const logger = new JsonLogger({ service: 'observability-test', write: (l) => lines.push(l) });
    app = await startService(
      { module: class TestModule {}, controllers: [EchoController] },
      { kind: 'in-process', bus },
      {
        queue: 'observability-test',
        logger: false,
        interceptors: [new RpcLogInterceptor({ logger, registry })],
      },
    );
    client = new InProcessRpcClient(bus, 5_000);
  });

  afterAll(() => app.close());

  const logged = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

  it('logs subject, outcome, duration and the correlation id of a request, as one JSON line', async () => {
    await client.request(ECHO, { text: 'hi' }, { headers: { [RPC_HEADERS.correlationId]: 'corr-123' } });
    const entry = logged().find((l) => l.correlation_id === 'corr-123');
    expect(entry).toMatchObject({
      service: 'observability-test',
      context: 'Rpc',
      level: 'log',
      message: 'rpc',
      subject: ECHO,
      outcome: 'ok',
    });
    expect(typeof entry?.duration_ms).toBe('number');
  });

  it('logs a failed request with its error code and counts both on the metrics registry', async () => {
    await rejectionOf(client.request(FAIL, {}, { headers: { [RPC_HEADERS.correlationId]: 'corr-fail' } }));
    expect(logged().find((l) => l.correlation_id === 'corr-fail')).toMatchObject({
      subject: FAIL,
      outcome: 'INVALID_PARAMETER_VALUE',
      error: 'no thanks',
    });
    const metrics = await registry.metrics();
    expect(metrics).toContain(`llmops_rpc_requests_total{subject="${FAIL}",outcome="INVALID_PARAMETER_VALUE"`);
    expect(metrics).toContain(`llmops_rpc_requests_total{subject="${ECHO}",outcome="ok"`);
  });

  it('keeps health probes out of the default log level', async () => {
    await client.request(HEALTH, {}, { headers: { [RPC_HEADERS.correlationId]: 'corr-health' } });
    expect(logged().some((l) => l.correlation_id === 'corr-health')).toBe(false);
  });
});
