import { INestMicroservice, LogLevel } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { JsonLogger } from './json-logger';
import { CheckResult, createMetricsRegistry, OpsServer, startOpsServer } from './ops-server';
import { RpcLogInterceptor } from './rpc-log.interceptor';
import { platformRegistry } from './metrics/platform-metrics';
import { initTracing, Tracing } from './tracing/tracing';
import { exportToTraceStore, traceStoreSettings } from './tracing/trace-store';
import { NatsRpcClient } from '@llmops/messaging';
import type { NatsConnection } from 'nats';

/** One readiness check: resolves when fine; a returned string other than 'ok', or a throw, is the problem. */
export type ReadinessCheck = () => unknown | Promise<unknown>;

export const DEFAULT_OPS_PORT = 9464;
const CHECK_TIMEOUT_MS = 2_000;

/** Runs every check at once, each bounded in time, into the shape /readyz answers with. */
export async function runChecks(
  checks: Record<string, ReadinessCheck>,
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<CheckResult> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, string]> => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
      });
      try {
        const outcome = await Promise.race([Promise.resolve().then(check), timeout]);
        return [name, typeof outcome === 'string' ? outcome : 'ok'];
      } catch (error) {
        return [name, error instanceof Error ? error.message : String(error)];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return Object.fromEntries(entries);
}

interface NatsLike {
  isClosed(): boolean;
  flush(): Promise<void>;
}

/**
 * The connection the service receives its requests on: a round trip to the server (flush), so a
 * replica cut off from NATS reports unready even while the client still hopes to reconnect.
 */
export function natsServerCheck(app: INestMicroservice): ReadinessCheck {
  return async () => {
    let connection: NatsLike;
    try {
      connection = app.unwrap<NatsLike>();
    } catch {
      return 'not connected';
    }
    if (connection.isClosed()) return 'connection closed';
    await connection.flush();
  };
}

/** A check from a service's own health answer (`{checks: {...}}`): ready when every check is 'ok'. */
export function healthAnswerCheck(health: () => Promise<{ checks: Record<string, unknown> }>): ReadinessCheck {
  return async () => {
    const { checks } = await health();
    const failing = Object.entries(checks).filter(([, v]) => v !== 'ok');
    return failing.length === 0 ? 'ok' : failing.map(([k, v]) => `${k}: ${String(v)}`).join('; ');
  };
}

/** What a service's main.ts needs to be observable: its JSON logger, metrics registry and RPC log. */
export interface ServiceObservability {
  service: string;
  logger: JsonLogger;
  registry: Registry;
  interceptor: RpcLogInterceptor;
  tracing: Tracing;
}

/** Call first in a service's main(): tracing must be set up before the PostgreSQL driver loads. */
export function createServiceObservability(service: string, options: { level?: LogLevel } = {}): ServiceObservability {
  traceStoreSettings(); // fails fast on a bad LLMOPS_TRACE_STORE / LLMOPS_TRACE_EXPERIMENT_ID
  const tracing = initTracing({ service, instrumentPostgres: true });
  const logger = new JsonLogger({ service, level: options.level });
  const registry = createMetricsRegistry(service);
  // One service per process in services mode: its domain metrics carry its name too.
  platformRegistry.setDefaultLabels({ service });
  return { service, logger, registry, interceptor: new RpcLogInterceptor({ logger, registry }), tracing };
}

/**
 * Starts the service's ops port (/healthz, /readyz, /metrics) next to its NATS listener, with the
 * NATS connection checked on top of the given checks. It lives as long as the process.
 */
export async function startServiceOps(
  app: INestMicroservice,
  observability: ServiceObservability,
  options: { port: number; host?: string; checks: Record<string, ReadinessCheck> },
): Promise<OpsServer> {
  const checks: Record<string, ReadinessCheck> = { nats: natsServerCheck(app), ...options.checks };
  // The service's spans go to the trace store over the connection it serves on.
  exportToTraceStore(observability.tracing, new NatsRpcClient(app.unwrap<NatsConnection>(), 10_000));
  const server = await startOpsServer({
    port: options.port,
    host: options.host,
    registry: observability.registry,
    readiness: () => runChecks(checks),
  });
  observability.logger.log(
    { message: `ops port ${server.port}: /healthz /readyz /metrics`, ops_port: server.port },
    'Ops',
  );
  return server;
}

/**
 * A gauge read when /metrics is scraped, from numbers the service keeps anyway (in-flight
 * requests, loaded models, partitions by state): nothing to update on the hot path. A failing
 * read leaves a labelled gauge empty for that scrape (prom-client shows an unlabelled one as 0)
 * rather than failing the whole page.
 */
export function registerCollectedGauge<L extends string = never>(
  registry: Registry,
  options: {
    name: string;
    help: string;
    labelNames?: readonly L[];
    read: () =>
      | number
      | Array<[Partial<Record<L, string>>, number]>
      | Promise<number | Array<[Partial<Record<L, string>>, number]>>;
  },
): Gauge<L> {
  return new Gauge<L>({
    name: options.name,
    help: options.help,
    labelNames: options.labelNames ?? [],
    registers: [registry],
    async collect() {
      this.reset();
      let values: Awaited<ReturnType<typeof options.read>>;
      try {
        values = await options.read();
      } catch {
        return;
      }
      if (typeof values === 'number') this.set(values);
      else for (const [labels, value] of values) this.set(labels, value);
    },
  });
}
