import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { connect, ConnectionOptions, ErrorCode, NatsConnection } from 'nats';
import { InProcessBus } from './in-process/in-process.bus';
import { InProcessRpcClient } from './in-process/in-process-rpc.client';
import { NatsRpcClient } from './nats/nats-rpc.client';
import { NatsIdentity, natsAuthOptions, natsInboxPrefix, serviceNatsIdentity } from './nats/nats-credentials';
import { natsConnectError } from './nats/nats-connect-error';
import { RpcClient } from './rpc-client';

/** How a process reaches the other services: real NATS, or the embedded in-process bus. */
export type TransportConfig =
  | {
      kind: 'nats';
      url: string;
      connectionName?: string;
      requestTimeoutMs?: number;
      /** Who this process is on NATS (services mode: `serviceNatsIdentity`); anonymous when unset. */
      identity?: NatsIdentity;
    }
  | { kind: 'in-process'; bus: InProcessBus; requestTimeoutMs?: number };

export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

/**
 * Services mode: the NATS transport of one service, connecting as its own NATS user with the
 * credentials in its environment (`serviceNatsIdentity`: fails at boot when they are required and
 * missing). `service` is its user in docker/nats/nats-permissions.ts.
 */
export function serviceNatsTransport(options: {
  url: string;
  service: string;
  requestTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}): TransportConfig {
  return {
    kind: 'nats',
    url: options.url,
    connectionName: options.service,
    requestTimeoutMs: options.requestTimeoutMs,
    identity: serviceNatsIdentity(options.service, options.env),
  };
}

/** DI token of the raw NATS connection (null in embedded mode), for JetStream users. */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const TRANSPORT_CONFIG = Symbol('TRANSPORT_CONFIG');

/**
 * How every connection of ours is opened. `noAsyncTraces`: the client otherwise builds two Error
 * objects (their stack traces) on every request, in case it fails, to append the caller's stack to
 * a timeout's; our transport errors name the subject and the timeout instead (transportError), and
 * those stacks cost about 4% of the gateway's CPU per proxied call.
 */
export function natsConnectionOptions(url: string, name?: string, identity?: NatsIdentity): ConnectionOptions {
  return {
    servers: url.split(','),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    noAsyncTraces: true,
    ...natsAuthOptions(identity),
  };
}

export async function connectNats(url: string, name?: string, identity?: NatsIdentity): Promise<NatsConnection> {
  let connection: NatsConnection;
  try {
    connection = await connect(natsConnectionOptions(url, name, identity));
  } catch (error) {
    throw natsConnectError(url, identity, error);
  }
  void logPermissionViolations(connection, identity?.service ?? name ?? 'this process');
  return connection;
}

/**
 * A refused publish or subscription is only a status event (a request then times out): say which
 * subject this service's NATS user lacks, so a stale or hand-edited configuration shows at once.
 */
async function logPermissionViolations(connection: NatsConnection, who: string): Promise<void> {
  const logger = new Logger('Nats');
  for await (const status of connection.status()) {
    if (status.data !== ErrorCode.PermissionsViolation) continue;
    const context = status.permissionContext;
    logger.error(
      `NATS refused ${who} ${context?.operation ?? 'an operation'} on "${context?.subject ?? '?'}" ` +
        '(Permissions Violation): its NATS user lacks it (docker/nats/nats-permissions.ts)',
    );
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
          useFactory: async () =>
            config.kind === 'nats' ? connectNats(config.url, config.connectionName, config.identity) : null,
        },
        {
          provide: RpcClient,
          inject: [NATS_CONNECTION],
          useFactory: (connection: NatsConnection | null) => {
            const timeout = config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
            return config.kind === 'nats'
              ? new NatsRpcClient(
                  connection as NatsConnection,
                  timeout,
                  config.identity ? natsInboxPrefix(config.identity.service) : undefined,
                )
              : new InProcessRpcClient(config.bus, timeout);
          },
        },
        NatsConnectionCloser,
      ],
      exports: [RpcClient, NATS_CONNECTION, TRANSPORT_CONFIG],
    };
  }
}
