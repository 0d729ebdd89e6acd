import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReadinessService } from './readiness.service';
import { ReplicaRegistry, ReplicaView } from './replica-registry';

export interface ServiceHealthView {
  /** `bus` (the message transport) or a service name. */
  name: string;
  status: 'ok' | 'failing';
  message: string | null;
}

export interface PlatformHealthResponse {
  status: 'ok' | 'unavailable';
  /** Epoch ms. */
  checked_at: number;
  services: ServiceHealthView[];
  /** Every replica of every service heard from in the last three heartbeat intervals. */
  replicas: ReplicaView[];
}

/** The readiness of the bus and each service, for signed-in users (the dashboard's health page). */
@ApiTags('health')
@Controller('api/v1/health')
export class ServicesHealthController {
  constructor(
    private readonly readiness: ReadinessService,
    private readonly replicas: ReplicaRegistry,
  ) {}

  @Get()
  @ApiOperation({
    summary: "The message bus's and each service's readiness (what /readyz checks), with the failures' messages",
  })
  async health(): Promise<PlatformHealthResponse> {
    const readiness = await this.readiness.check();
    return {
      status: readiness.status,
      checked_at: Date.now(),
      services: Object.entries(readiness.checks).map(([name, check]) => ({
        name,
        status: check.status,
        message: check.message ?? null,
      })),
      replicas: this.replicas.replicas(),
    };
  }
}
