import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { GatePolicyResponse, GetGatePolicyRequest, SetGatePolicyRequest, SUBJECTS } from '@llmops/contract';
import { callerIdentity, callerOf } from '../../caller-of';
import { GatePolicyHandler } from './gate-policy.handler';

@Controller()
export class GatePolicyController {
  constructor(private readonly handler: GatePolicyHandler) {}

  @MessagePattern(SUBJECTS.evaluation.gate.getPolicy)
  get(@Payload() req: GetGatePolicyRequest): Promise<GatePolicyResponse> {
    return this.handler.get(req.name);
  }

  @MessagePattern(SUBJECTS.evaluation.gate.setPolicy)
  set(@Payload() req: SetGatePolicyRequest, @Ctx() ctx: unknown): Promise<GatePolicyResponse> {
    return this.handler.set(req.name, { ...req.policy }, callerIdentity(ctx), callerOf(ctx));
  }
}
