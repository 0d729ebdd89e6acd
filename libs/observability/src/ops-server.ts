import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { platformRegistry } from './metrics/platform-metrics';

export type CheckResult = Record<string, 'ok' | string>;

export interface OpsServerOptions {
  port: number;
  host?: string;
  registry: Registry;
  /** Readiness checks; any value other than 'ok' makes /readyz answer 503. */
  readiness: () => Promise<CheckResult>;
}

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * A small HTTP side port for a message-driven service: /healthz (alive), /readyz (its checks) and
 * /metrics (Prometheus), so containers and scrapers can watch each replica directly, not only
 * whichever replica a NATS queue group happens to pick.
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const reply = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (path === '/healthz') return reply(200, JSON.stringify({ status: 'ok' }));
    if (path === '/readyz') {
      options
        .readiness()
        .then((checks) => {
          const ready = Object.values(checks).every((v) => v === 'ok');
          reply(ready ? 200 : 503, JSON.stringify({ status: ready ? 'ok' : 'unavailable', checks }));
        })
        .catch((error: Error) => reply(503, JSON.stringify({ status: 'unavailable', error: error.message })));
      return;
    }
    if (path === '/metrics') {
      // The service's own metrics, then the platform's domain metrics recorded in this process.
      Promise.all([options.registry.metrics(), platformRegistry.metrics()])
        .then(([own, platform]) => reply(200, joinExpositions(own, platform), options.registry.contentType))
        .catch((error: Error) => reply(500, JSON.stringify({ error: error.message })));
      return;
    }
    reply(404, JSON.stringify({ error_code: 'ENDPOINT_NOT_FOUND', message: `No route ${path}` }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** One registry per service process, with Node's default metrics and a `service` label. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** Two Prometheus text expositions as one page (each ends with a newline, or is empty). */
export function joinExpositions(...pages: string[]): string {
  return pages
    .filter((p) => p.trim() !== '')
    .map((p) => (p.endsWith('\n') ? p : `${p}\n`))
    .join('');
}
