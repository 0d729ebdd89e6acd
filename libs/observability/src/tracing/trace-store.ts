import { SUBJECTS, TRACE_LIMITS } from '@llmops/contract';
import type { RpcClient } from '@llmops/messaging';
import { RpcSpanExporter } from './rpc-span.exporter';
import { Tracing } from './tracing';

/** Where the platform's own spans go by default: the tracking service's trace store. */
export interface TraceStoreSettings {
  enabled: boolean;
  /** The experiment traces are stored in; the store's Default experiment ('0') when unset. */
  experimentId?: string;
}

/**
 * `LLMOPS_TRACE_STORE` (`on`, the default, or `off`) and `LLMOPS_TRACE_EXPERIMENT_ID`. A bad value
 * fails at boot with the variable named, like every other setting.
 */
export function traceStoreSettings(env: NodeJS.ProcessEnv = process.env): TraceStoreSettings {
  const store = (env.LLMOPS_TRACE_STORE ?? 'on').trim().toLowerCase();
  if (store !== 'on' && store !== 'off') {
    throw new Error(`LLMOPS_TRACE_STORE must be 'on' or 'off' (got '${env.LLMOPS_TRACE_STORE}')`);
  }
  const experimentId = (env.LLMOPS_TRACE_EXPERIMENT_ID ?? '').trim();
  if (experimentId !== '' && !/^[0-9]{1,19}$/.test(experimentId)) {
    throw new Error(`LLMOPS_TRACE_EXPERIMENT_ID must be an experiment id (digits), got '${experimentId}'`);
  }
  return { enabled: store === 'on', ...(experimentId ? { experimentId } : {}) };
}

/**
 * `LLMOPS_TRACE_INGESTION_SAMPLE_RATE` (`0`..`1`, default `1`): the share of the gateway's
 * high-rate ingestion calls (MLflow's run logging: log-metric, log-batch, ...) that start a trace.
 * Every other request is traced as before. A bad value fails at boot with the variable named.
 */
export function ingestionSampleRate(env: NodeJS.ProcessEnv = process.env): number {
  const raw = (env.LLMOPS_TRACE_INGESTION_SAMPLE_RATE ?? '').trim();
  if (raw === '') return 1;
  const rate = Number(raw);
  if (!/^(0|1|0?\.[0-9]+|1\.0*)$/.test(raw) || !(rate >= 0 && rate <= 1)) {
    throw new Error(`LLMOPS_TRACE_INGESTION_SAMPLE_RATE must be a number from 0 to 1 (got '${raw}')`);
  }
  return rate;
}

/**
 * Exports this process's spans into the platform's trace store over its message client (NATS in
 * services mode, the in-process bus embedded), so traces are visible with no extra server. Nothing
 * when tracing is off or the store is turned off. The answer stops the export (flushing first).
 */
export function exportToTraceStore(
  tracing: Tracing,
  rpc: Pick<RpcClient, 'request'>,
  settings: TraceStoreSettings = traceStoreSettings(),
): () => Promise<void> {
  if (!tracing.enabled || !settings.enabled) return async () => undefined;
  return tracing.addExporter(
    new RpcSpanExporter(rpc, {
      subject: SUBJECTS.tracking.traces.ingestOtlp,
      experimentId: settings.experimentId,
      maxSpansPerRequest: TRACE_LIMITS.maxSpansPerIngest,
      timeoutMs: 10_000,
    }),
  );
}
