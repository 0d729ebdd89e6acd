import { DynamicModule, Module } from '@nestjs/common';
import { MessagingModule } from '@llmops/messaging';
import { BatchWorkerModule } from './batch-worker/batch-worker.module';
import { HealthMessageController } from './health/health.message.controller';
import { Readiness } from './health/readiness';
import { INFERENCE_OPTIONS, InferenceModuleOptions } from './inference.options';
import { InferenceLifecycle } from './lifecycle/inference-lifecycle';
import { ModelCacheModule } from './model-cache/model-cache.module';
import { RegistryEventsController } from './model-events/registry-events.controller';
import { MicroBatcher } from './summarize/micro-batcher';
import { SummarizeHandler } from './summarize/summarize.handler';
import { SummarizeMessageController } from './summarize/summarize.message.controller';

/** The inference service: `inference.v1.summarize`, health/readiness, registry-event reloads. */
@Module({})
export class InferenceModule {
  static forRoot(options: InferenceModuleOptions): DynamicModule {
    return {
      module: InferenceModule,
      imports: [
        MessagingModule.forRoot(options.transport),
        ModelCacheModule.forRoot({
          cacheDir: options.cacheDir,
          threads: options.threads ?? 1,
          maxModels: options.maxModels ?? 4,
          // The micro-batcher's bound is the model's batch too: 1 really means one by one.
          batchSize: options.maxBatchArticles ?? 1,
        }),
        BatchWorkerModule.forRoot(options.batchWorker),
      ],
      controllers: [SummarizeMessageController, HealthMessageController, RegistryEventsController],
      providers: [
        { provide: INFERENCE_OPTIONS, useValue: options },
        {
          provide: MicroBatcher,
          useFactory: () =>
            new MicroBatcher({ maxBatchArticles: options.maxBatchArticles ?? 1, waitMs: options.batchWaitMs ?? 5 }),
        },
        InferenceLifecycle,
        Readiness,
        SummarizeHandler,
      ],
      exports: [ModelCacheModule, InferenceLifecycle, Readiness, INFERENCE_OPTIONS],
    };
  }
}
