import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Role } from '@llmops/contract';
import { callerOfResponse } from './caller';

export interface CallerResponse {
  user: string;
  roles: Role[];
  /** `off` when the gateway runs without authentication (every request is the local admin). */
  authentication: 'on' | 'off';
}

/** Who the token belongs to: how the dashboard signs in and decides which actions to offer. */
@ApiTags('access control')
@Controller('api/v1/me')
export class CallerController {
  @Get()
  @ApiOperation({ summary: 'The caller: user name, roles, and whether authentication is on' })
  me(@Res({ passthrough: true }) res: Response): CallerResponse {
    const caller = callerOfResponse(res);
    return {
      user: caller.user,
      roles: caller.roles,
      authentication: res.locals.authenticationOff === true ? 'off' : 'on',
    };
  }
}
