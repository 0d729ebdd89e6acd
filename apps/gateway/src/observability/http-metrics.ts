import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { joinExpositions, platformRegistry } from '@llmops/observability';

/**
 * The gateway's Prometheus metrics. One registry per app (not prom-client's global one), so that
 * several gateways in one process (tests, the embedded launcher) do not clash.
 */
export class HttpMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly errors: Counter<'method' | 'route' | 'error_code'>;
  private readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(options: { defaultMetrics?: boolean } = {}) {
    this.requests = new Counter({
      name: 'llmops_http_requests_total',
      help: 'HTTP requests served, by route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.errors = new Counter({
      name: 'llmops_http_errors_total',
      help: 'HTTP requests answered with an error, by error code',
      labelNames: ['method', 'route', 'error_code'],
      registers: [this.registry],
    });
    this.duration = new Histogram({
      name: 'llmops_http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [this.registry],
    });
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'llmops_gateway_' });
  }

  record(sample: { method: string; route: string; status: number; seconds: number; errorCode?: string }): void {
    const labels = { method: sample.method, route: sample.route, status: String(sample.status) };
    this.requests.inc(labels);
    this.duration.observe(labels, sample.seconds);
    if (sample.errorCode) {
      this.errors.inc({ method: sample.method, route: sample.route, error_code: sample.errorCode });
    }
  }

  contentType(): string {
    return this.registry.contentType;
  }

  /** The gateway's HTTP metrics, then the domain metrics of the process (embedded: every service's). */
  async text(): Promise<string> {
    const [own, platform] = await Promise.all([this.registry.metrics(), platformRegistry.metrics()]);
    return joinExpositions(own, platform);
  }
}
