import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AuthenticateRequest, AuthenticateResponse, SUBJECTS } from '@llmops/contract';
import { AuthenticateHandler } from './authenticate.handler';

@Controller()
export class AuthenticateController {
  constructor(private readonly handler: AuthenticateHandler) {}

  @MessagePattern(SUBJECTS.identity.authenticate)
  authenticate(@Payload() req: AuthenticateRequest): Promise<AuthenticateResponse> {
    return this.handler.execute(req.tokenSha256);
  }
}
