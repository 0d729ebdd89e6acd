import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { LlmopsError, ModelLoadError, ResourceNotFoundError } from '@llmops/contract';
import { ArtifactRepositoryFactory, LocalArtifactRepository } from '@llmops/artifacts';
import { createSummarizer, loadModelPackage, Summarizer } from '@llmops/pipeline';
import { ModelPackageLoader } from './model-package-loader';
import { BUILTIN_EXTRACTIVE_LOCATION, ResolvedModelLocation } from './resolved-model';

export interface ArtifactLoaderOptions {
  /** Where packages from non-local stores are downloaded. */
  cacheDir: string;
  /** ONNX Runtime intra-op threads per loaded model (replicas, not threads, use the cores). */
  threads: number;
  /** Generation batch size of onnx-seq2seq models (default: the package's). */
  batchSize?: number;
}

/**
 * Reads a package through the artifact store: a `file://` package is loaded where it lies,
 * any other store's package is downloaded into the cache directory first. Then `loadModelPackage`.
 */
export class ArtifactModelPackageLoader extends ModelPackageLoader {
  private readonly logger = new Logger('ModelPackageLoader');

  constructor(
    private readonly options: ArtifactLoaderOptions,
    private readonly stores = new ArtifactRepositoryFactory(),
  ) {
    super();
  }

  async load(resolved: ResolvedModelLocation): Promise<Summarizer> {
    if (resolved.storageLocation === BUILTIN_EXTRACTIVE_LOCATION) return createSummarizer({ flavor: 'extractive' });
    const dir = await this.localDirectory(resolved);
    const started = Date.now();
    try {
      const { summarizer } = await loadModelPackage(dir, {
        intraOpThreads: this.options.threads,
        batchSize: this.options.batchSize,
      });
      this.logger.log(`Loaded package ${resolved.storageLocation} in ${Date.now() - started} ms`);
      return summarizer;
    } catch (error) {
      if (error instanceof LlmopsError) throw error;
      throw new ModelLoadError(
        `Cannot load the model package at ${resolved.storageLocation}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }

  private async localDirectory(resolved: ResolvedModelLocation): Promise<string> {
    let store;
    try {
      store = this.stores.forUri(resolved.storageLocation);
    } catch (error) {
      throw new ModelLoadError(
        `Cannot read the model package at ${resolved.storageLocation}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    const missing = () =>
      new ResourceNotFoundError(`No model package at ${resolved.storageLocation} (model URI ${resolved.modelUri})`);
    if (store instanceof LocalArtifactRepository) {
      const info = await stat(store.rootDir).catch(() => undefined);
      if (!info?.isDirectory()) throw missing();
      return store.rootDir;
    }
    const target = join(
      this.options.cacheDir,
      createHash('sha256').update(resolved.storageLocation).digest('hex').slice(0, 24),
    );
    try {
      return await store.downloadDirectory('', target);
    } catch (error) {
      if (error instanceof ResourceNotFoundError) throw missing();
      throw error;
    }
  }
}
