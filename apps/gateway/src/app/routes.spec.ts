import type { INestApplication } from '@nestjs/common';
import { InProcessBus } from '@llmops/messaging';
import { createGatewayApp } from './create-gateway-app';

interface RouteLayer {
  match(path: string): unknown;
  route?: { path: string; methods: Record<string, boolean> };
}

describe('gateway route order', () => {
  let app: INestApplication;
  let layers: RouteLayer[];
  beforeAll(async () => {
    app = await createGatewayApp(
      { LOG_REQUESTS: 'false', LLMOPS_AUTH: 'on' },
      { kind: 'in-process', bus: new InProcessBus() },
      { logger: false },
    );
    layers = (app.getHttpAdapter().getInstance().router as { stack: RouteLayer[] }).stack.filter((l) => l.route);
  });
  afterAll(() => app.close());

  // A path the pattern serves: parameters and wildcards given sample values.
  const sampleOf = (pattern: string) => pattern.replace(/:\w+/g, 'p1').replace(/\*\w+/g, 'a/b.txt');
  const methodsOf = (l: RouteLayer) => Object.keys(l.route!.methods);
  const shareAMethod = (a: RouteLayer, b: RouteLayer) =>
    methodsOf(a).some((m) => m === '_all' || methodsOf(b).includes(m) || methodsOf(b).includes('_all'));

  it('tries MLflow run logging first', () => {
    const index = layers.findIndex((l) => l.route!.path === '/api/2.0/mlflow/runs/log-metric');
    expect(index).toBeGreaterThanOrEqual(0);
    expect(index).toBeLessThan(20);
  });

  it('puts first only routes whose paths no other route serves (the order decides no request)', () => {
    const first = layers.filter((l) => /^\/(ajax-)?api\/2\.0\/mlflow\/runs\//.test(l.route!.path));
    expect(first.length).toBeGreaterThan(10);
    const others = layers.filter((l) => !first.includes(l));
    const overlaps: string[] = [];
    for (const a of first) {
      for (const b of others) {
        if (!shareAMethod(a, b)) continue;
        if (a.match(sampleOf(b.route!.path)) || b.match(sampleOf(a.route!.path))) {
          overlaps.push(`${a.route!.path} ~ ${b.route!.path}`);
        }
      }
    }
    expect(overlaps).toEqual([]);
    // The check can see an overlap: a parameter route serves a static route's path.
    const runById = others.find((l) => l.route!.path === '/api/v1/runs/:runId' && l.route!.methods.get)!;
    expect(runById.match(sampleOf('/api/v1/runs/search'))).toBeTruthy();
  });
});
