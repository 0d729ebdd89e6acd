import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreateTokenRequest,
  CreateTokenResponse,
  ListTokensRequest,
  ListTokensResponse,
  RevokeTokenRequest,
  RevokeTokenResponse,
  SUBJECTS,
} from '@llmops/contract';
import { actorOf } from '../actor-of';
import { tokenView } from '../identity.views';
import { TokensHandler } from './tokens.handler';

@Controller()
export class TokensController {
  constructor(private readonly tokens: TokensHandler) {}

  @MessagePattern(SUBJECTS.identity.tokens.create)
  async create(@Payload() req: CreateTokenRequest, @Ctx() ctx: unknown): Promise<CreateTokenResponse> {
    const { token, secret } = await this.tokens.create(actorOf(ctx), req.user, req.name, req.expires_at);
    return { token: tokenView(token), secret };
  }

  @MessagePattern(SUBJECTS.identity.tokens.list)
  async list(@Payload() req: ListTokensRequest): Promise<ListTokensResponse> {
    return { tokens: (await this.tokens.list(req.user)).map(tokenView) };
  }

  @MessagePattern(SUBJECTS.identity.tokens.revoke)
  async revoke(@Payload() req: RevokeTokenRequest, @Ctx() ctx: unknown): Promise<RevokeTokenResponse> {
    return { token: tokenView(await this.tokens.revoke(actorOf(ctx), req.id)) };
  }
}
