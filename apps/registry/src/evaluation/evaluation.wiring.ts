import { Provider, Type } from '@nestjs/common';
import { loadConfig } from '@llmops/config';
import { RpcClient } from '@llmops/messaging';
import { EvaluationConfig } from './evaluation.options';
import { LocalEvaluationDatasets } from './infra/local-evaluation-datasets';
import { RpcEvaluationTracking } from './infra/rpc-evaluation-tracking';
import { RpcInferenceSummarizer } from './infra/rpc-inference-summarizer';
import { EvaluationDatasets, EvaluationSummarizer, EvaluationTracking } from './ports/evaluation.ports';
import { RunEvaluationHandler } from './run-evaluation/run-evaluation.handler';
import { RunEvaluationController } from './run-evaluation/run-evaluation.message.controller';

/** What RegistryModule adds for staging evaluation (`evaluation.v1.run`). */
export const EVALUATION_CONTROLLERS: Type<unknown>[] = [RunEvaluationController];

export const EVALUATION_PROVIDERS: Provider[] = [
  { provide: EvaluationConfig, useFactory: () => loadConfig(EvaluationConfig) },
  {
    provide: EvaluationDatasets,
    inject: [EvaluationConfig],
    useFactory: (c: EvaluationConfig) => new LocalEvaluationDatasets(c.EVALUATION_DATASET_ROOT || null),
  },
  {
    provide: EvaluationSummarizer,
    inject: [RpcClient, EvaluationConfig],
    useFactory: (rpc: RpcClient, c: EvaluationConfig) =>
      new RpcInferenceSummarizer(rpc, c.EVALUATION_INFERENCE_TIMEOUT_MS),
  },
  {
    provide: EvaluationTracking,
    inject: [RpcClient, EvaluationConfig],
    useFactory: (rpc: RpcClient, c: EvaluationConfig) => new RpcEvaluationTracking(rpc, c.TRACKING_TIMEOUT_MS),
  },
  RunEvaluationHandler,
];
