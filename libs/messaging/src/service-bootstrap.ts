import { DynamicModule, INestMicroservice, LoggerService, NestInterceptor, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import { InProcessServer } from './in-process/in-process.server';
import { TransportConfig } from './messaging.module';
import { LlmopsRpcExceptionFilter } from './rpc-exception.filter';
import { createValidationPipe } from './rpc-validation.pipe';
import { PacketOnlyNatsServer } from './nats/packet-only-nats.server';
import { PullDispatchOptions } from './nats/pull-dispatch';
import { presenceIntervalMs, startHeartbeat } from './presence/heartbeat';
import { InProcessRpcClient } from './in-process/in-process-rpc.client';
import { NatsRpcClient } from './nats/nats-rpc.client';
import { RpcClient } from './rpc-client';
import type { NatsConnection } from 'nats';
import { RpcTracingInterceptor } from './tracing/rpc-tracing.interceptor';
import { chainInterceptors } from './chained-interceptors';

export function microserviceOptions(
  transport: TransportConfig,
  queue: string,
  pull?: PullDispatchOptions,
): MicroserviceOptions {
  if (transport.kind === 'in-process') return { strategy: new InProcessServer(transport.bus) };
  return {
    strategy: new PacketOnlyNatsServer({ url: transport.url, queue, identity: transport.identity, pull }),
  };
}

/**
 * Starts one service's module as a message-driven app on the given transport, with the
 * platform's error filter and payload validation. The same call serves both ways to run.
 */
export async function startService(
  module: Type<unknown> | DynamicModule,
  transport: TransportConfig,
  options: {
    queue: string;
    logger?: LoggerService | false;
    interceptors?: NestInterceptor[];
    /** On NATS, also take this subject's requests from its JetStream work queue (load-aware dispatch). */
    pull?: PullDispatchOptions;
  },
): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(module, {
    ...microserviceOptions(transport, options.queue, options.pull),
    logger: options.logger,
  });
  app.useGlobalFilters(new LlmopsRpcExceptionFilter());
  app.useGlobalPipes(createValidationPipe());
  // Set before listen(): handlers are bound then (services mode adds the RPC request log here).
  // Tracing first, so the request log and the handler run inside the message's span.
  // One slot of Nest's for all of them (chainInterceptors: Nest's cost is per slot, per message).
  app.useGlobalInterceptors(
    chainInterceptors([new RpcTracingInterceptor(options.queue), ...(options.interceptors ?? [])]),
  );
  app.enableShutdownHooks();
  await app.listen();
  if (transport.kind === 'nats') {
    // listen() resolves once subscriptions are queued, not once the server has them: flush so a
    // request sent right after start is not answered "no responders".
    await app.unwrap<{ flush(): Promise<void> }>().flush();
  }
  announcePresence(app, transport, options.queue);
  return app;
}

/**
 * Heartbeats of this replica until the app closes (how the gateway counts a service's replicas),
 * on the service's own connection (NATS) or the bus (embedded).
 */
function announcePresence(app: INestMicroservice, transport: TransportConfig, service: string): void {
  const interval = presenceIntervalMs();
  if (interval === 0) return;
  const rpc = serviceRpcClient(app, transport, interval);
  const heartbeat = startHeartbeat(rpc, service, interval);
  const close = app.close.bind(app);
  app.close = async () => {
    heartbeat.stop();
    await close();
  };
}

/**
 * A client on a started service's own connection (NATS) or the bus (embedded), for what the
 * service publishes itself (heartbeats, events) without a second connection.
 */
export function serviceRpcClient(app: INestMicroservice, transport: TransportConfig, timeoutMs: number): RpcClient {
  return transport.kind === 'nats'
    ? new NatsRpcClient(app.unwrap<NatsConnection>(), timeoutMs)
    : new InProcessRpcClient(transport.bus, timeoutMs);
}
