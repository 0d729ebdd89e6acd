import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../../shared/clock';
import { TraceRepository } from '../domain/trace.repository';

/** How long traces are kept and how many at most (0: no limit of that kind). */
export interface TraceRetentionSettings {
  maxAgeDays: number;
  maxTraces: number;
  /** How often the limits are applied (ms). */
  intervalMs: number;
}

export const TRACE_RETENTION = Symbol('TRACE_RETENTION');

/**
 * Keeps the trace store bounded: every service exports its spans into it by default, so without a
 * limit traces would grow until the disk is full. Every interval (and once at start) it deletes
 * traces older than the age limit, then the oldest beyond the count limit, in every experiment.
 * Several replicas may run it at once: the deletes are idempotent.
 */
@Injectable()
export class TraceRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TraceRetention');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly traces: TraceRepository,
    private readonly clock: Clock,
    @Inject(TRACE_RETENTION) private readonly settings: TraceRetentionSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.maxAgeDays === 0 && this.settings.maxTraces === 0) return;
    void this.applyLimits();
    this.timer = setInterval(() => void this.applyLimits(), this.settings.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass; answers how many traces were deleted (a failure is logged, retried next interval). */
  async applyLimits(): Promise<number> {
    if (this.running) return this.running;
    const criteria = {
      ...(this.settings.maxAgeDays > 0
        ? { olderThanMs: this.clock.now() - this.settings.maxAgeDays * 86_400_000 }
        : {}),
      ...(this.settings.maxTraces > 0 ? { keepNewest: this.settings.maxTraces } : {}),
    };
    this.running = this.traces
      .prune(criteria)
      .then((pruned) => {
        if (pruned > 0) this.logger.log(`Deleted ${pruned} trace(s) beyond the retention limits`);
        return pruned;
      })
      .catch((error: unknown) => {
        this.logger.warn(`Trace retention failed: ${(error as Error).message}`);
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
