import { INestApplication, INestMicroservice, LoggerService } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InProcessBus, InProcessRpcClient, TransportConfig } from '@llmops/messaging';
import { createGatewayApp, RequestLogSink } from '@llmops/gateway-app';
import { exportToTraceStore, initTracing, tracingEnabled, traceStoreSettings } from '@llmops/observability';
import { EMBEDDED_SERVICES, EmbeddedService } from './embedded-services';

export interface EmbeddedPlatformOptions {
  /** Everything the platform keeps: `db/` (PGlite), `artifacts/`, `datasets/`, `tables/`. Created if missing. */
  dataDir: string;
  /** HTTP port of the gateway; 0 picks a free one. */
  port: number;
  /** Interface to listen on; loopback by default (the embedded mode is a single user's). */
  host?: string;
  /** Nest's logs; false silences them (tests). */
  logger?: LoggerService | false;
  /** Request log lines (default: JSON on stdout). */
  requestLog?: RequestLogSink;
  /** Services to run (default: all of `EMBEDDED_SERVICES`); tests pass fewer. */
  services?: EmbeddedService[];
  /**
   * OpenTelemetry for the process (default: on unless `OTEL_SDK_DISABLED=true`, which the test
   * runner sets). Spans go to the trace store (`LLMOPS_TRACE_STORE`, `LLMOPS_TRACE_EXPERIMENT_ID`)
   * and to the `OTEL_*` exporters.
   */
  tracing?: boolean;
}

export interface EmbeddedPlatform {
  /** The gateway's base URL, e.g. `http://127.0.0.1:5000`. */
  url: string;
  port: number;
  dataDir: string;
  bus: InProcessBus;
  /** Names of the running services. */
  services(): string[];
  /** Stops one service while the gateway keeps serving (tests of a service going away). */
  stopService(name: string): Promise<void>;
  /** Stops the gateway, then the services (closing the database); safe to call twice. */
  close(): Promise<void>;
}

/** Where the embedded services keep their state, as environment variables of their configs. */
export function embeddedEnv(dataDir: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const dir = resolve(dataDir);
  for (const sub of ['db', 'artifacts', 'datasets', 'tables']) mkdirSync(join(dir, sub), { recursive: true });
  return {
    ...base,
    DATABASE_URL: `pglite://${join(dir, 'db')}`,
    ARTIFACT_ROOT: pathToFileURL(join(dir, 'artifacts')).href,
    TABLES_ROOT: pathToFileURL(join(dir, 'tables')).href,
    LLMOPS_DATA_DIR: dir,
  };
}

/**
 * The whole platform in one process: one in-process bus, every service module on it (sharing one
 * PGlite database under `<dataDir>/db`), then the gateway. The same modules as services mode;
 * only the transport and the database change.
 */
export async function startEmbeddedPlatform(options: EmbeddedPlatformOptions): Promise<EmbeddedPlatform> {
  const dataDir = resolve(options.dataDir);
  // Before any service module: the process's tracer provider, shared by every module in it.
  const traceStore = traceStoreSettings();
  const tracing =
    (options.tracing ?? tracingEnabled())
      ? initTracing({ service: 'llmops', env: { ...process.env, OTEL_SDK_DISABLED: 'false' } })
      : undefined;
  const env = embeddedEnv(dataDir);
  const bus = new InProcessBus();
  const transport: TransportConfig = { kind: 'in-process', bus };
  const services = options.services ?? EMBEDDED_SERVICES;
  const started = new Map<string, INestMicroservice>();
  let gateway: INestApplication | undefined;
  const stopService = async (name: string) => {
    const app = started.get(name);
    started.delete(name);
    await app?.close();
  };
  let stopTraceExport = async () => undefined as void;
  const stop = async () => {
    // Spans of the last requests reach the store before it closes.
    await stopTraceExport().catch(() => undefined);
    await gateway?.close();
    for (const name of [...started.keys()].reverse()) await stopService(name);
  };
  try {
    for (const service of services) started.set(service.name, await service.start(env, transport, options.logger));
    gateway = await createGatewayApp(
      {
        PORT: options.port,
        READINESS_SERVICES: services.map((s) => s.name).join(','),
        // Dataset uploads are staged under the same data directory the batch services use.
        LLMOPS_DATA_DIR: dataDir,
        ...rateLimitFromEnv(env),
      },
      transport,
      {
        logger: options.logger === false ? false : undefined,
        requestLog: options.requestLog,
        // Node's process and event-loop metrics on the embedded /metrics too.
        defaultMetrics: true,
      },
    );
    // Every module's spans into the trace store, over the bus.
    if (tracing) stopTraceExport = exportToTraceStore(tracing, new InProcessRpcClient(bus, 10_000), traceStore);
    const host = options.host ?? '127.0.0.1';
    await gateway.listen(options.port, host);
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  const address = gateway.getHttpServer().address() as { port: number; address: string };
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    dataDir,
    bus,
    services: () => [...started.keys()],
    stopService,
    close: () => (closing ??= stop()),
  };
}

/**
 * The per-token rate limit, as services mode's gateway reads it (RATE_LIMIT_PER_SECOND, 0 disables;
 * RATE_LIMIT_BURST); unset: the gateway's defaults. A value that is not a number fails the start.
 */
export function rateLimitFromEnv(env: NodeJS.ProcessEnv): {
  RATE_LIMIT_PER_SECOND?: number;
  RATE_LIMIT_BURST?: number;
} {
  const read = (name: string, min: number, integer: boolean): number | undefined => {
    const text = env[name]?.trim();
    if (text === undefined || text === '') return undefined;
    const value = Number(text);
    if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
      throw new Error(`${name} must be ${integer ? 'an integer' : 'a number'} >= ${min}, got '${text}'`);
    }
    return value;
  };
  const perSecond = read('RATE_LIMIT_PER_SECOND', 0, false);
  const burst = read('RATE_LIMIT_BURST', 1, true);
  return {
    ...(perSecond !== undefined ? { RATE_LIMIT_PER_SECOND: perSecond } : {}),
    ...(burst !== undefined ? { RATE_LIMIT_BURST: burst } : {}),
  };
}
