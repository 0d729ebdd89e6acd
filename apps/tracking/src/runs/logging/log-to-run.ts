import { platformMetrics } from '@llmops/observability';
import { InvalidParameterError } from '@llmops/contract';
import { Tag } from '../../experiments/domain/experiment';
import { validateBatchLimits, validateMetric, validateParam, validateTag } from '../../shared/validation';
import { TrackingRepositories } from '../../store/tracking-store';
import { Metric, Param, RUN_NAME_TAG, assertRunActive } from '../domain/run';
import { requireRunInfo } from '../run-lookup';

export interface RunLogEntries {
  metrics: Metric[];
  params: Param[];
  tags: Tag[];
}

/** Checks everything that needs no database: limits, keys, value lengths, duplicate params. */
export function validateRunLogEntries(entries: RunLogEntries): void {
  validateBatchLimits(entries.metrics.length, entries.params.length, entries.tags.length);
  entries.metrics.forEach((m, i) => validateMetric(m.key, m.value, m.timestamp, m.step, `metrics[${i}]`));
  entries.params.forEach((p, i) => validateParam(p.key, p.value, `params[${i}]`));
  entries.tags.forEach((t, i) => validateTag(t.key, t.value, `tags[${i}]`));
  const seen = new Map<string, string>();
  for (const p of entries.params) {
    const previous = seen.get(p.key);
    if (previous !== undefined && previous !== p.value) {
      throw new InvalidParameterError(
        `Duplicate parameter keys have been submitted: '${p.key}' with values '${previous}' and '${p.value}'.`,
      );
    }
    seen.set(p.key, p.value);
  }
}

/** Ingestion metrics, once the entries are committed (a refused batch counts nothing). */
export function countLogged(entries: Pick<RunLogEntries, 'params' | 'metrics'>): void {
  if (entries.params.length > 0) platformMetrics.trackingParamsLogged().inc(entries.params.length);
  if (entries.metrics.length > 0) platformMetrics.trackingMetricsLogged().inc(entries.metrics.length);
}

/**
 * Writes metrics, params and tags to one run inside the caller's transaction: the run row is
 * locked first, so the "params are immutable" check and the inserts see the same state (and the
 * run cannot be deleted before the history rows commit: they have no foreign key to it).
 * Any refusal throws before or instead of committing: all or nothing.
 * `validated`: the caller already ran validateRunLogEntries on these entries (a batch of 1,000
 * metrics is not checked twice).
 */
export async function logToRun(
  repos: TrackingRepositories,
  runId: string,
  entries: RunLogEntries,
  options: { validated?: boolean } = {},
): Promise<void> {
  if (!options.validated) validateRunLogEntries(entries);
  const { runs } = repos;
  // Metrics alone do not change the run: concurrent metric writers share its lock (a delete or
  // an update of the run still waits); params and tags take it alone, for the immutability check.
  const metricsOnly = entries.params.length === 0 && entries.tags.length === 0;
  const info = await requireRunInfo(runs, runId, { lock: true, shared: metricsOnly });
  assertRunActive(info);

  const params = [...new Map(entries.params.map((p) => [p.key, p])).values()];
  if (params.length > 0) {
    const existing = new Map(
      (
        await runs.findParams(
          runId,
          params.map((p) => p.key),
        )
      ).map((p) => [p.key, p.value]),
    );
    for (const p of params) {
      const old = existing.get(p.key);
      if (old !== undefined && old !== p.value) {
        throw new InvalidParameterError(
          `Changing param values is not allowed. Param with key='${p.key}' was already logged with value='${old}' for run ID='${runId}'. Attempted logging new value '${p.value}'.`,
        );
      }
    }
    await runs.insertParams(
      runId,
      params.filter((p) => !existing.has(p.key)),
    );
  }
  if (entries.tags.length > 0) {
    const tags = [...new Map(entries.tags.map((t) => [t.key, t])).values()];
    await runs.upsertTags(runId, tags);
    const nameTag = tags.find((t) => t.key === RUN_NAME_TAG);
    if (nameTag && nameTag.value !== info.runName) await runs.updateInfo({ ...info, runName: nameTag.value });
  }
  if (entries.metrics.length > 0) await runs.insertMetrics(runId, entries.metrics);
}
