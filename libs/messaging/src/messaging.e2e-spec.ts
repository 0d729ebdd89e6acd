import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { IsInt, IsString, Min } from 'class-validator';
import { NestFactory } from '@nestjs/core';
import { ErrorCode, ResourceNotFoundError } from '@llmops/contract';
import { InProcessBus } from './in-process/in-process.bus';
import { MessagingModule, TransportConfig } from './messaging.module';
import { RpcClient } from './rpc-client';
import { rpcHeader } from './rpc-context';
import { startService } from './service-bootstrap';
import { rejectionOf } from './testing/rejection-of';

// Test-only subjects: the real table lives in @llmops/contract.
const T = {
  add: 'messaging-test.v1.add',
  missing: 'messaging-test.v1.missing',
  crash: 'messaging-test.v1.crash',
  header: 'messaging-test.v1.header',
  event: 'messaging-test.v1.event',
  slow: 'messaging-test.v1.slow',
  nobody: 'messaging-test.v1.nobody-serves-this',
} as const;

class AddRequest {
  @IsInt()
  @Min(0)
  a!: number;

  @IsInt()
  b!: number;

  @IsString()
  label!: string;
}

const received: unknown[] = [];

@Controller()
class TestController {
  @MessagePattern(T.add)
  add(@Payload() req: AddRequest) {
    return { sum: req.a + req.b, label: req.label, at: new Date(0) };
  }

  @MessagePattern(T.missing)
  missing() {
    throw new ResourceNotFoundError('Thing 42 does not exist');
  }

  @MessagePattern(T.crash)
  crash() {
    throw new Error('boom with a secret stack');
  }

  @MessagePattern(T.header)
  header(@Ctx() ctx: unknown) {
    return { correlationId: rpcHeader(ctx, 'x-correlation-id') ?? null };
  }

  @MessagePattern(T.slow)
  async slow() {
    await new Promise((r) => setTimeout(r, 500));
    return 'late';
  }

  @EventPattern(T.event, { queue: '' })
  event(@Payload() payload: unknown) {
    received.push(payload);
  }
}

@Module({ controllers: [TestController] })
class TestServiceModule {}

const transports: Array<[string, () => TransportConfig]> = [
  ['in-process', () => ({ kind: 'in-process', bus: new InProcessBus() })],
  ['NATS', () => ({ kind: 'nats', url: process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222' })],
];

describe.each(transports)('messaging over %s', (_name, makeTransport) => {
  let service: INestMicroservice;
  let client: RpcClient;
  let closeClient: () => Promise<void>;

  beforeAll(async () => {
    const transport = makeTransport();
    service = await startService(TestServiceModule, transport, { queue: 'messaging-test', logger: false });
    @Module({ imports: [MessagingModule.forRoot(transport)] })
    class ClientModule {}
    const ctx = await NestFactory.createApplicationContext(ClientModule, { logger: false });
    client = ctx.get(RpcClient);
    closeClient = () => ctx.close();
  });

  afterAll(async () => {
    await closeClient();
    await service.close();
  });

  it('answers a request with the JSON the handler returned', async () => {
    await expect(client.request(T.add, { a: 2, b: 3, label: 'x' })).resolves.toEqual({
      sum: 5,
      label: 'x',
      at: '1970-01-01T00:00:00.000Z',
    });
  });

  it('turns a payload that breaks the DTO into INVALID_PARAMETER_VALUE naming the field', async () => {
    const error = await rejectionOf(client.request(T.add, { a: -1, b: 'x', label: 'y', extra: 1 }));
    expect(error.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    expect(error.message).toMatch(/a must not be less than 0/);
    expect(error.message).toMatch(/b must be an integer/);
    expect(error.message).toMatch(/extra should not exist/);
  });

  it('carries a named error across the transport with its code and message', async () => {
    const error = await rejectionOf(client.request(T.missing, {}));
    expect(error).toBeInstanceOf(ResourceNotFoundError);
    expect(error.message).toBe('Thing 42 does not exist');
  });

  it('hides unexpected errors behind INTERNAL_ERROR', async () => {
    const error = await rejectionOf(client.request(T.crash, {}));
    expect(error.code).toBe(ErrorCode.INTERNAL_ERROR);
    expect(error.message).not.toMatch(/secret/);
  });

  it('carries headers to the handler', async () => {
    await expect(client.request(T.header, {}, { headers: { 'x-correlation-id': 'abc-1' } })).resolves.toEqual({
      correlationId: 'abc-1',
    });
  });

  it('fails fast with TEMPORARILY_UNAVAILABLE when nobody serves the subject', async () => {
    const started = Date.now();
    const error = await rejectionOf(client.request(T.nobody, {}, { timeoutMs: 10_000 }));
    expect(error.code).toBe(ErrorCode.TEMPORARILY_UNAVAILABLE);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('fails with DEADLINE_EXCEEDED when the handler is slower than the timeout', async () => {
    const error = await rejectionOf(client.request(T.slow, {}, { timeoutMs: 100 }));
    expect(error.code).toBe(ErrorCode.DEADLINE_EXCEEDED);
  });

  it('delivers events to subscribers', async () => {
    received.length = 0;
    await client.emit(T.event, { n: 1 });
    for (let i = 0; i < 50 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(received).toEqual([{ n: 1 }]);
  });
});
