import { DynamicModule, Global, Module } from '@nestjs/common';
import { RpcClient } from '@llmops/messaging';
import { ArtifactModelPackageLoader } from '../model-loading/artifact-model-package.loader';
import { ModelPackageLoader } from '../model-loading/model-package-loader';
import { ModelUriResolver } from '../model-loading/model-uri-resolver';
import {
  BuiltinExtractiveStrategy,
  RegistryUriStrategy,
  RunUriStrategy,
  SchemeModelUriResolver,
} from '../model-loading/scheme-model-uri.resolver';
import { ModelCache } from './model-cache';

export interface ModelCacheModuleOptions {
  cacheDir: string;
  threads: number;
  maxModels: number;
  /** Generation batch size of onnx-seq2seq models (the micro-batcher's bound; 1 = one by one). */
  batchSize?: number;
}

/**
 * The model cache and what it needs (URI resolution over `RpcClient`, package loading through the
 * artifact store). Global, so other modules of the inference app (the batch worker) inject
 * `ModelCache` and share the loaded models. Needs `MessagingModule` in the same application.
 */
@Global()
@Module({})
export class ModelCacheModule {
  static forRoot(options: ModelCacheModuleOptions): DynamicModule {
    return {
      module: ModelCacheModule,
      providers: [
        {
          provide: ModelUriResolver,
          inject: [RpcClient],
          useFactory: (rpc: RpcClient) =>
            new SchemeModelUriResolver([
              new BuiltinExtractiveStrategy(),
              new RunUriStrategy(rpc),
              new RegistryUriStrategy(rpc),
            ]),
        },
        {
          provide: ModelPackageLoader,
          useFactory: () =>
            new ArtifactModelPackageLoader({
              cacheDir: options.cacheDir,
              threads: options.threads,
              batchSize: options.batchSize,
            }),
        },
        {
          provide: ModelCache,
          inject: [ModelUriResolver, ModelPackageLoader],
          useFactory: (resolver: ModelUriResolver, loader: ModelPackageLoader) =>
            new ModelCache(resolver, loader, { maxModels: options.maxModels }),
        },
      ],
      exports: [ModelCache, ModelUriResolver, ModelPackageLoader],
    };
  }
}
