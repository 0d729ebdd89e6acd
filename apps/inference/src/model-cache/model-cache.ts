import { Logger } from '@nestjs/common';
import { BUILTIN_EXTRACTIVE_MODEL_URI, formatModelUri, parseModelUri, ResourceNotFoundError } from '@llmops/contract';
import { Summarizer } from '@llmops/pipeline';
import { inSpan, platformMetrics } from '@llmops/observability';
import { ModelPackageLoader } from '../model-loading/model-package-loader';
import { ModelUriResolver } from '../model-loading/model-uri-resolver';
import { ResolvedModelLocation } from '../model-loading/resolved-model';

/** A model handed out by the cache. Call `release()` when done so a replaced model can be freed. */
export interface CachedModel {
  summarizer: Summarizer;
  resolved: ResolvedModelLocation;
  /** Idempotent. Until every holder released it, a replaced or evicted model stays loaded. */
  release(): void;
}

export interface ModelCacheOptions {
  /** Most models kept loaded at once; the least recently used beyond it is unloaded. */
  maxModels: number;
}

interface Loaded {
  summarizer: Summarizer;
  resolved: ResolvedModelLocation;
}

class Entry {
  loaded?: Loaded;
  leases = 0;
  retired = false;
  disposed = false;
  constructor(
    readonly uri: string,
    readonly promise: Promise<Loaded>,
  ) {}
}

/** The cache's key for a URI: MLflow's canonical spelling, so `Production` and `production` share. */
export function canonicalModelUri(modelUri: string): string {
  if (modelUri === BUILTIN_EXTRACTIVE_MODEL_URI) return modelUri;
  return formatModelUri(parseModelUri(modelUri));
}

/**
 * Loaded models by URI. Each URI is loaded once per process (concurrent first requests share the
 * load; a failed load is not cached), at most `maxModels` stay loaded (LRU), and `refresh()` swaps
 * in the new target of a URI the registry moved. A replaced or evicted model is disposed only
 * after every holder released it, so in-flight requests finish on the model they started with.
 */
export class ModelCache {
  private readonly logger = new Logger('ModelCache');
  /** Insertion order is recency order (a hit moves the entry to the end). */
  private readonly entries = new Map<string, Entry>();
  private readonly retired = new Set<Entry>();
  private readonly refreshing = new Map<string, Promise<void>>();

  constructor(
    private readonly resolver: ModelUriResolver,
    private readonly loader: ModelPackageLoader,
    private readonly options: ModelCacheOptions,
  ) {
    platformMetrics.modelCacheSize();
  }

  /** The model for a URI, loading it on first use. Errors: INVALID_PARAMETER_VALUE (bad URI),
   * RESOURCE_DOES_NOT_EXIST, MODEL_LOAD_FAILED. */
  async get(modelUri: string): Promise<CachedModel> {
    const uri = canonicalModelUri(modelUri);
    let entry = this.entries.get(uri);
    if (entry) {
      this.entries.delete(uri);
      this.entries.set(uri, entry);
    } else {
      entry = this.startLoad(uri);
      this.entries.set(uri, entry);
      this.evictBeyondBound(entry);
    }
    return this.lease(entry);
  }

  /** Runs `fn` with the model and releases it afterwards. */
  async use<T>(modelUri: string, fn: (model: CachedModel) => Promise<T>): Promise<T> {
    const model = await this.get(modelUri);
    try {
      return await fn(model);
    } finally {
      model.release();
    }
  }

  /**
   * The registry says these URIs may point elsewhere now: re-resolve the ones loaded here and
   * reload those whose package changed. Requests keep the old model until the new one is ready;
   * a URI that no longer resolves is unloaded (its next request gets the registry's error).
   */
  async refresh(modelUris: readonly string[]): Promise<void> {
    const uris = new Set<string>();
    for (const raw of modelUris) {
      try {
        uris.add(canonicalModelUri(raw));
      } catch {
        // Not a URI we could have served.
      }
    }
    await Promise.all([...uris].filter((uri) => this.entries.has(uri)).map((uri) => this.refreshOne(uri)));
  }

  /** Canonical URIs of the models currently loaded (or loading). */
  loadedUris(): string[] {
    return [...this.entries.keys()];
  }

  /** Holders of every model, loaded or replaced (what a graceful shutdown waits for). */
  activeLeases(): number {
    let n = 0;
    for (const entry of [...this.entries.values(), ...this.retired]) n += entry.leases;
    return n;
  }

  /** Unloads everything (shutdown): waits for no one, so drain requests first. */
  async disposeAll(): Promise<void> {
    const all = [...this.entries.values(), ...this.retired];
    this.entries.clear();
    this.retired.clear();
    this.reportSize();
    await Promise.all(all.map((entry) => this.dispose(entry)));
  }

  private startLoad(uri: string): Entry {
    const promise = (async () => {
      const resolved = await this.resolver.resolve(uri);
      const summarizer = await this.load(resolved);
      return { summarizer, resolved };
    })();
    const entry = new Entry(uri, promise);
    promise.then(
      (loaded) => {
        entry.loaded = loaded;
        this.logger.log(`Loaded ${uri} (${loaded.resolved.storageLocation})`);
        this.reportSize();
      },
      () => {
        // Failures are not cached: the next request tries again.
        if (this.entries.get(uri) === entry) this.entries.delete(uri);
        this.reportSize();
      },
    );
    return entry;
  }

  private async lease(entry: Entry): Promise<CachedModel> {
    entry.leases += 1;
    let loaded: Loaded;
    try {
      loaded = await entry.promise;
    } catch (error) {
      entry.leases -= 1;
      throw error;
    }
    let released = false;
    return {
      summarizer: loaded.summarizer,
      resolved: loaded.resolved,
      release: () => {
        if (released) return;
        released = true;
        entry.leases -= 1;
        this.disposeIfUnused(entry);
      },
    };
  }

  private evictBeyondBound(keep: Entry): void {
    for (const [uri, entry] of this.entries) {
      if (this.entries.size <= Math.max(1, this.options.maxModels)) break;
      if (entry === keep) continue;
      this.logger.log(`Unloading ${uri} (more than ${this.options.maxModels} models)`);
      this.retire(entry);
    }
  }

  private refreshOne(uri: string): Promise<void> {
    // One refresh per URI at a time; a second event waits and then re-checks.
    const previous = this.refreshing.get(uri) ?? Promise.resolve();
    const next = previous.then(() => this.doRefresh(uri));
    this.refreshing.set(uri, next);
    void next.finally(() => {
      if (this.refreshing.get(uri) === next) this.refreshing.delete(uri);
    });
    return next;
  }

  private async doRefresh(uri: string): Promise<void> {
    const current = this.entries.get(uri);
    if (!current) return;
    const before = await current.promise.catch(() => undefined);
    if (!before || this.entries.get(uri) !== current) return;
    let resolved: ResolvedModelLocation;
    try {
      resolved = await this.resolver.resolve(uri);
    } catch (error) {
      if (error instanceof ResourceNotFoundError) {
        this.logger.log(`${uri} no longer resolves: unloading it`);
        this.retire(current);
        return;
      }
      // The registry is unreachable: keep serving what we have rather than fail every request.
      this.logger.warn(`Cannot re-resolve ${uri}: ${(error as Error).message}; keeping the loaded model`);
      return;
    }
    if (resolved.storageLocation === before.resolved.storageLocation && resolved.version === before.resolved.version) {
      return;
    }
    this.logger.log(`${uri} now points to ${resolved.storageLocation}: reloading`);
    const fresh = new Entry(
      uri,
      this.load(resolved).then((summarizer) => ({ summarizer, resolved })),
    );
    try {
      fresh.loaded = await fresh.promise;
    } catch (error) {
      // The URI no longer means the old model; its next request reports the new one's failure.
      this.logger.error(`Reloading ${uri} failed: ${(error as Error).message}`);
      if (this.entries.get(uri) === current) this.retire(current);
      return;
    }
    if (this.entries.get(uri) === current) {
      this.entries.set(uri, fresh);
      this.retire(current);
    } else {
      this.retired.add(fresh);
      this.disposeIfUnused(fresh);
    }
  }

  /** Loads a package in a `model.load` span (a child of the request that needed it), timed. */
  private load(resolved: ResolvedModelLocation): Promise<Summarizer> {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    return inSpan(
      'model.load',
      {
        'llmops.model.uri': resolved.modelUri,
        ...(resolved.version ? { 'llmops.model.version': resolved.version } : {}),
        'llmops.model.storage_location': resolved.storageLocation,
      },
      () => this.loader.load(resolved),
    ).then(
      (summarizer) => {
        platformMetrics.modelLoadDuration().observe({ outcome: 'ok' }, seconds());
        return summarizer;
      },
      (error: unknown) => {
        platformMetrics.modelLoadDuration().observe({ outcome: 'error' }, seconds());
        throw error;
      },
    );
  }

  private reportSize(): void {
    platformMetrics.modelCacheSize().set(this.entries.size);
  }

  private retire(entry: Entry): void {
    if (this.entries.get(entry.uri) === entry) this.entries.delete(entry.uri);
    this.reportSize();
    entry.retired = true;
    this.retired.add(entry);
    this.disposeIfUnused(entry);
  }

  private disposeIfUnused(entry: Entry): void {
    if (!entry.retired || entry.leases > 0 || entry.disposed) return;
    this.retired.delete(entry);
    void this.dispose(entry);
  }

  private async dispose(entry: Entry): Promise<void> {
    if (entry.disposed) return;
    entry.disposed = true;
    const loaded = await entry.promise.catch(() => undefined);
    if (!loaded) return;
    try {
      await loaded.summarizer.dispose();
    } catch (error) {
      this.logger.warn(`Disposing ${entry.uri} failed: ${(error as Error).message}`);
    }
  }
}
