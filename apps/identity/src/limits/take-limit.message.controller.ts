import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { SUBJECTS, TakeLimitRequest, TakeLimitResponse } from '@llmops/contract';
import { TakeLimitHandler } from './take-limit.handler';

@Controller()
export class TakeLimitController {
  constructor(private readonly handler: TakeLimitHandler) {}

  @MessagePattern(SUBJECTS.identity.limits.take)
  async take(@Payload() req: TakeLimitRequest): Promise<TakeLimitResponse> {
    const r = await this.handler.execute({
      bucket: req.bucket,
      perSecond: req.per_second,
      burst: req.burst,
      count: req.count,
    });
    return { allowed: r.allowed, remaining: r.remaining, retry_after_ms: r.retryAfterMs };
  }
}
