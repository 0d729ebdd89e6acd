import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The platform's domain metrics (summaries, models, work queue, batch, Delta, gate, tracking), in
 * one registry per process: each service's ops port serves it next to its own registry, and the
 * embedded gateway's /metrics serves it for every module in the process. Metrics are created on
 * first use and shared after, so several apps in one process (embedded mode, tests) count into the
 * same series instead of failing on a duplicate name.
 */
export const platformRegistry = new Registry();

function counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
  return (
    (platformRegistry.getSingleMetric(name) as Counter<L> | undefined) ??
    new Counter<L>({ name, help, labelNames, registers: [platformRegistry] })
  );
}

function gauge<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
  return (
    (platformRegistry.getSingleMetric(name) as Gauge<L> | undefined) ??
    new Gauge<L>({ name, help, labelNames, registers: [platformRegistry] })
  );
}

function histogram<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[],
  buckets: number[],
): Histogram<L> {
  return (
    (platformRegistry.getSingleMetric(name) as Histogram<L> | undefined) ??
    new Histogram<L>({ name, help, labelNames, buckets, registers: [platformRegistry] })
  );
}

const SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120];

/** Created lazily: a process that never summarizes shows no summarization series. */
export const platformMetrics = {
  summaries: () =>
    counter('llmops_summaries_total', 'Articles summarized, by registered model and version', ['model', 'version']),
  summarizeFailures: () =>
    counter('llmops_summarize_failures_total', 'Summarize requests that failed, by model, version and error code', [
      'model',
      'version',
      'error_code',
    ]),
  summarizeDuration: () =>
    histogram(
      'llmops_summarize_duration_seconds',
      'Time to answer a summarize request (queueing, model load and generation)',
      ['model', 'version'],
      SECONDS,
    ),
  tokensIn: () =>
    counter('llmops_summarize_input_tokens_total', 'Tokens fed to the model (after truncation)', ['model', 'version']),
  tokensOut: () => counter('llmops_summarize_output_tokens_total', 'Tokens generated', ['model', 'version']),
  truncations: () =>
    counter('llmops_summarize_truncations_total', 'Articles cut to the model input limit', ['model', 'version']),
  modelLoadDuration: () =>
    histogram('llmops_model_load_duration_seconds', 'Time to load a model package', ['outcome'], SECONDS),
  modelCacheSize: () => gauge('llmops_model_cache_models', 'Models loaded in this process'),
  inFlight: () => gauge('llmops_inference_in_flight_requests', 'Summarize requests this replica is working on'),
  workQueuePending: () =>
    gauge('llmops_work_queue_pending_tasks', 'Tasks waiting or in progress in a work queue', ['queue']),
  workQueueRedelivered: () =>
    counter('llmops_work_queue_redelivered_total', 'Task deliveries after the first (a worker failed or was slow)', [
      'queue',
    ]),
  workQueueDeadLettered: () =>
    counter('llmops_work_queue_dead_lettered_total', 'Tasks given up after their last delivery', ['queue']),
  batchRowsWritten: () => counter('llmops_batch_rows_written_total', 'Rows written to Delta tables by batch jobs'),
  batchRowsFailed: () => counter('llmops_batch_rows_failed_total', 'Rows batch jobs could not summarize'),
  deltaCommitDuration: () =>
    histogram('llmops_delta_commit_duration_seconds', 'Time to commit to a Delta table', ['operation'], SECONDS),
  deltaCommitConflicts: () =>
    counter('llmops_delta_commit_conflicts_total', 'Delta commits that lost a version race and retried', ['operation']),
  gateDecisions: () => counter('llmops_gate_decisions_total', 'Promotion gate decisions, by verdict', ['verdict']),
  trackingParamsLogged: () => counter('llmops_tracking_params_logged_total', 'Run parameters logged'),
  trackingMetricsLogged: () => counter('llmops_tracking_metrics_logged_total', 'Run metric values logged'),
};

type GaugeReading = number | Array<[Record<string, string>, number]>;
const gaugeReaders = new Map<string, () => Promise<GaugeReading> | GaugeReading>();

/**
 * A platform gauge read at scrape time from state the app keeps anyway (partitions by state,
 * queue depth). Registering the same name again replaces the reader: the newest app in the
 * process (embedded mode restarted in tests) is the one read. A failing read leaves it empty.
 */
export function registerPlatformGauge(options: {
  name: string;
  help: string;
  labelNames?: readonly string[];
  read: () => Promise<GaugeReading> | GaugeReading;
}): void {
  gaugeReaders.set(options.name, options.read);
  if (platformRegistry.getSingleMetric(options.name)) return;
  new Gauge({
    name: options.name,
    help: options.help,
    labelNames: options.labelNames ?? [],
    registers: [platformRegistry],
    async collect() {
      this.reset();
      let values: GaugeReading;
      try {
        values = await (gaugeReaders.get(options.name) as () => Promise<GaugeReading> | GaugeReading)();
      } catch {
        return;
      }
      if (typeof values === 'number') this.set(values);
      else for (const [labels, value] of values) this.set(labels, value);
    },
  });
}
