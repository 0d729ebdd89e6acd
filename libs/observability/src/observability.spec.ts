import { Registry, Counter } from 'prom-client';
import { JsonLogger } from './json-logger';
import { createMetricsRegistry, startOpsServer } from './ops-server';

describe('JsonLogger', () => {
  it('writes one JSON object a line with context and fields, and redacts secrets by key', () => {
    const lines: string[] = [];
    const logger = new JsonLogger({ service: 'tracking', write: (l) => lines.push(l) });
    logger.log({ message: 'request', correlationId: 'c1', headers: { authorization: 'Bearer abc' } }, 'Http');
    logger.debug('hidden at the default level');
    const parsed = JSON.parse(lines[0]);
    expect(lines).toHaveLength(1);
    expect(parsed).toMatchObject({
      level: 'log',
      service: 'tracking',
      context: 'Http',
      message: 'request',
      correlationId: 'c1',
      headers: { authorization: '[redacted]' },
    });
    expect(lines[0]).not.toContain('abc');
  });
});

describe('startOpsServer', () => {
  it('serves liveness, readiness from its checks, and Prometheus metrics', async () => {
    const registry: Registry = createMetricsRegistry('test');
    new Counter({ name: 'llmops_test_total', help: 'test', registers: [registry] }).inc(3);
    let database = 'ok';
    const server = await startOpsServer({
      port: 0,
      host: '127.0.0.1',
      registry,
      readiness: async () => ({ database }),
    });
    const base = `http://127.0.0.1:${server.port}`;
    try {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      database = 'connection refused';
      const notReady = await fetch(`${base}/readyz`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toMatchObject({ checks: { database: 'connection refused' } });
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toContain('llmops_test_total{service="test"} 3');
    } finally {
      await server.close();
    }
  });
});
