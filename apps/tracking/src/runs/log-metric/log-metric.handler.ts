import { Injectable } from '@nestjs/common';
import { LlmopsError } from '@llmops/contract';
import { TrackingStore } from '../../store/tracking-store';
import { Metric } from '../domain/run';
import { countLogged, logToRun, validateRunLogEntries } from '../logging/log-to-run';

/** At most this many waiting metrics of a run go in one transaction (log-batch's own limit). */
export const GROUP_COMMIT_MAX = 1000;

interface Waiting {
  metric: Metric;
  done: (error?: unknown) => void;
}

/**
 * `log-metric`, with group commit: while a run's metrics are being written, the calls for that run
 * that arrive meanwhile wait and are then written together, in one transaction and one statement
 * (as a log-batch of them would be). A call returns only once the transaction holding its metric
 * has committed, and fails if that transaction failed. A call finding nothing under way for its run
 * starts a write at the end of the event loop's current turn (`setImmediate`), not at once: the
 * calls that reached this process in the same turn join it. Embedded (PGlite), every statement runs
 * on this thread and a transaction completes without yielding to the event loop, so a write started
 * at once was finished before the next HTTP request was even parsed and groups stayed at one; over
 * NATS, the messages read from one socket chunk arrive in the same turn. The wait is one turn of
 * the loop, not a timer. This is one transaction per group instead of one per call.
 */
@Injectable()
export class LogMetricHandler {
  private readonly waiting = new Map<string, Waiting[]>();
  private readonly writing = new Set<string>();

  constructor(private readonly store: TrackingStore) {}

  async execute(runId: string, metric: Metric): Promise<void> {
    // Refused alone, before it joins anyone.
    validateRunLogEntries({ params: [], metrics: [metric], tags: [] });
    await new Promise<void>((resolve, reject) => {
      const queue = this.waiting.get(runId) ?? [];
      queue.push({ metric, done: (error) => (error === undefined ? resolve() : reject(error)) });
      this.waiting.set(runId, queue);
      if (!this.writing.has(runId)) {
        this.writing.add(runId);
        setImmediate(() => void this.writeNext(runId));
      }
    });
    countLogged({ params: [], metrics: [metric] });
  }

  /** Writes the run's waiting metrics, then whatever arrived meanwhile, until none is left. */
  private async writeNext(runId: string): Promise<void> {
    try {
      for (;;) {
        const queue = this.waiting.get(runId);
        if (!queue || queue.length === 0) break;
        const group = queue.splice(0, GROUP_COMMIT_MAX);
        if (queue.length === 0) this.waiting.delete(runId);
        await this.write(runId, group);
      }
    } finally {
      this.writing.delete(runId);
    }
  }

  private async write(runId: string, group: Waiting[]): Promise<void> {
    try {
      await this.store.transaction((repos) =>
        logToRun(repos, runId, { params: [], metrics: group.map((w) => w.metric), tags: [] }),
      );
      group.forEach((w) => w.done());
    } catch (error) {
      // The run's answer (not found, not active) is everyone's; anything else is retried one by
      // one, so that a fault of one call's metric is not another's.
      if (group.length === 1 || error instanceof LlmopsError) group.forEach((w) => w.done(error));
      else for (const w of group) await this.write(runId, [w]);
    }
  }
}
