import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { connect, NatsConnection } from 'nats';
import { ServiceUnavailableError } from '@llmops/contract';
import { InProcessBus } from './in-process/in-process.bus';
import { InProcessRpcClient } from './in-process/in-process-rpc.client';
import { NatsRpcClient } from './nats/nats-rpc.client';
import { natsCredentials } from './nats/nats-credentials';
import { RpcClient } from './rpc-client';

/** How a process reaches the other services: real NATS, or the embedded in-process bus. */
export type TransportConfig =
  | { kind: 'nats'; url: string; connectionName?: string; requestTimeoutMs?: number }
  | { kind: 'in-process'; bus: InProcessBus; requestTimeoutMs?: number };

export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

/** DI token of the raw NATS connection (null in embedded mode), for JetStream users. */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const TRANSPORT_CONFIG = Symbol('TRANSPORT_CONFIG');

export async function connectNats(url: string, name?: string): Promise<NatsConnection> {
  try {
    return await connect({
      servers: url.split(','),
      name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      ...natsCredentials(),
    });
  } catch (error) {
    throw new ServiceUnavailableError(`Cannot connect to NATS at ${url}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

@Injectable()
class NatsConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(NATS_CONNECTION) private readonly connection: NatsConnection | null) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.connection && !this.connection.isClosed()) await this.connection.drain().catch(() => undefined);
  }
}

@Global()
@Module({})
export class MessagingModule {
  static forRoot(config: TransportConfig): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: TRANSPORT_CONFIG, useValue: config },
        {
          provide: NATS_CONNECTION,
          useFactory: async () => (config.kind === 'nats' ? connectNats(config.url, config.connectionName) : null),
        },
        {
          provide: RpcClient,
          inject: [NATS_CONNECTION],
          useFactory: (connection: NatsConnection | null) => {
            const timeout = config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
            return config.kind === 'nats'
              ? new NatsRpcClient(connection as NatsConnection, timeout)
              : new InProcessRpcClient(config.bus, timeout);
          },
        },
        NatsConnectionCloser,
      ],
      exports: [RpcClient, NATS_CONNECTION, TRANSPORT_CONFIG],
    };
  }
}
