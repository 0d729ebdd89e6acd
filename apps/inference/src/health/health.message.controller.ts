import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { InferenceHealthResponse, InferenceReadinessResponse, SUBJECTS } from '@llmops/contract';
import { ModelCache } from '../model-cache/model-cache';
import { InferenceLifecycle } from '../lifecycle/inference-lifecycle';
import { INFERENCE_OPTIONS, InferenceModuleOptions } from '../inference.options';
import { Readiness } from './readiness';
import { replicaName } from './replica-name';

@Controller()
export class HealthMessageController {
  constructor(
    private readonly cache: ModelCache,
    private readonly lifecycle: InferenceLifecycle,
    private readonly readiness: Readiness,
    @Inject(INFERENCE_OPTIONS) private readonly options: InferenceModuleOptions,
  ) {}

  /** Liveness: the replica answers (it has no database to check). */
  @MessagePattern(SUBJECTS.inference.health)
  health(): InferenceHealthResponse {
    return {
      status: 'ok',
      checks: { process: 'ok' },
      replica: this.options.replicaName ?? replicaName(),
      loaded_models: this.cache.loadedUris(),
      in_flight: this.lifecycle.inFlightCount,
    };
  }

  @MessagePattern(SUBJECTS.inference.readiness)
  ready(): InferenceReadinessResponse {
    return this.readiness.check();
  }
}
