import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { RunEvaluationRequest, RunEvaluationResponse, SUBJECTS } from '@llmops/contract';
import { callerOf } from '../../caller-of';
import { RunEvaluationHandler } from './run-evaluation.handler';

@Controller()
export class RunEvaluationController {
  constructor(private readonly handler: RunEvaluationHandler) {}

  @MessagePattern(SUBJECTS.evaluation.run)
  async run(@Payload() req: RunEvaluationRequest, @Ctx() ctx: unknown): Promise<RunEvaluationResponse> {
    const result = await this.handler.execute({
      name: req.name,
      version: Number(req.version),
      datasetPath: req.dataset_path,
      limit: req.limit,
      chunkSize: req.chunk_size,
      userId: callerOf(ctx),
    });
    return {
      evaluation_run_id: result.runId,
      experiment_id: result.experimentId,
      model_uri: result.modelUri,
      dataset_digest: result.datasetDigest,
      metrics: result.metrics,
    };
  }
}
