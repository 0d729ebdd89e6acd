import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ReadinessService } from './readiness.service';

@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  /** Liveness: the process serves HTTP. Checks nothing else, so a slow service never restarts it. */
  @Get('healthz')
  healthz() {
    return { status: 'ok' };
  }

  /** Readiness: 503 with the failing checks until the bus and every service answer. */
  @Get('readyz')
  async readyz(@Res({ passthrough: true }) res: Response) {
    const readiness = await this.readiness.check();
    if (readiness.status !== 'ok') res.status(503);
    return readiness;
  }
}
