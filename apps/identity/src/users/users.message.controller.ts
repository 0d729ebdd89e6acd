import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { CreateUserRequest, ListUsersResponse, SUBJECTS, UserResponse } from '@llmops/contract';
import { actorOf } from '../actor-of';
import { userView } from '../identity.views';
import { UsersHandler } from './users.handler';

@Controller()
export class UsersController {
  constructor(private readonly users: UsersHandler) {}

  @MessagePattern(SUBJECTS.identity.users.create)
  async create(@Payload() req: CreateUserRequest, @Ctx() ctx: unknown): Promise<UserResponse> {
    return { user: userView(await this.users.create(actorOf(ctx), req.name, req.roles)) };
  }

  @MessagePattern(SUBJECTS.identity.users.list)
  async list(): Promise<ListUsersResponse> {
    return { users: (await this.users.list()).map(userView) };
  }
}
