import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ResolveModelUriRequest, ResolveModelUriResponse, SUBJECTS } from '@llmops/contract';
import { ResolveModelUriHandler } from './resolve-model-uri.handler';

@Controller()
export class ResolveController {
  constructor(private readonly resolve: ResolveModelUriHandler) {}

  @MessagePattern(SUBJECTS.registry.models.resolve)
  execute(@Payload() req: ResolveModelUriRequest): Promise<ResolveModelUriResponse> {
    return this.resolve.execute(req.uri);
  }
}
