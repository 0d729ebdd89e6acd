import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ServiceUnavailableError } from '@llmops/contract';
import { platformMetrics } from '@llmops/observability';
import { ModelCache } from '../model-cache/model-cache';
import { INFERENCE_OPTIONS, InferenceModuleOptions } from '../inference.options';

/**
 * Counts in-flight requests and drains them on shutdown: once draining, new requests are refused
 * with TEMPORARILY_UNAVAILABLE (the caller retries and another replica answers) while the ones
 * already running finish and get their answer out before the connection closes.
 */
@Injectable()
export class InferenceLifecycle implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('InferenceLifecycle');
  private inFlight = 0;
  private draining = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly cache: ModelCache,
    @Inject(INFERENCE_OPTIONS) private readonly options: InferenceModuleOptions,
  ) {
    // Shown (as 0) from the start, not only after the first request.
    platformMetrics.inFlight();
  }

  get isDraining(): boolean {
    return this.draining;
  }

  get inFlightCount(): number {
    return this.inFlight;
  }

  async track<T>(work: () => Promise<T>): Promise<T> {
    if (this.draining) throw new ServiceUnavailableError('This inference replica is shutting down; retry the request');
    this.inFlight += 1;
    platformMetrics.inFlight().inc();
    try {
      return await work();
    } finally {
      this.inFlight -= 1;
      platformMetrics.inFlight().dec();
      if (this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  /** Stops taking requests and waits (bounded) for the running ones. */
  async drain(timeoutMs = this.options.drainTimeoutMs ?? 120_000): Promise<void> {
    this.draining = true;
    if (this.inFlight === 0) return;
    this.logger.log(`Draining: waiting for ${this.inFlight} in-flight request(s)`);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.idleWaiters.push(resolve)),
      new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          this.logger.warn(`Drain timed out with ${this.inFlight} request(s) still running`);
          resolve();
        }, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  /** SIGTERM path: Nest calls this before it closes the transport, so answers still go out. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.drain();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.cache.disposeAll();
  }
}
