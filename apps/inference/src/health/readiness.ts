import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InferenceReadinessResponse } from '@llmops/contract';
import { ModelCache } from '../model-cache/model-cache';
import { InferenceLifecycle } from '../lifecycle/inference-lifecycle';
import { INFERENCE_OPTIONS, InferenceModuleOptions } from '../inference.options';
import { replicaName } from './replica-name';

const PRELOAD_RETRY_MS = 5_000;

/**
 * Ready = the configured preload model is loaded (always ready without one), and not draining.
 * The preload runs in the background so that health answers while a large model loads; a failed
 * preload is retried (the registry or the store may come up after this replica).
 */
@Injectable()
export class Readiness implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Readiness');
  private loaded = false;
  private failure: string | null = null;
  private retry?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly cache: ModelCache,
    private readonly lifecycle: InferenceLifecycle,
    @Inject(INFERENCE_OPTIONS) private readonly options: InferenceModuleOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.preloadModelUri) void this.preload(this.options.preloadModelUri);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.retry);
  }

  /** Resolves when the preload finished (successfully or not); for tests and the launcher. */
  async preload(uri: string): Promise<void> {
    try {
      (await this.cache.get(uri)).release();
      this.loaded = true;
      this.failure = null;
    } catch (error) {
      this.failure = `loading ${uri} failed: ${(error as Error).message}`;
      this.logger.error(`Preload: ${this.failure}; retrying in ${PRELOAD_RETRY_MS} ms`);
      if (!this.stopped) this.retry = setTimeout(() => void this.preload(uri), PRELOAD_RETRY_MS);
    }
  }

  check(): InferenceReadinessResponse {
    const preload = this.options.preloadModelUri || null;
    const base = { replica: this.options.replicaName ?? replicaName(), preload_model_uri: preload };
    if (this.lifecycle.isDraining) return { ...base, ready: false, reason: 'draining (shutting down)' };
    if (preload && !this.loaded) return { ...base, ready: false, reason: this.failure ?? `loading ${preload}` };
    return { ...base, ready: true, reason: null };
  }
}
