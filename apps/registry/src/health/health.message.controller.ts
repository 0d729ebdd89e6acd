import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { RegistryHealthResponse, ServiceUnavailableError, SUBJECTS } from '@llmops/contract';
import { RegistryStore } from '../ports/registry.store';

@Controller()
export class HealthController {
  constructor(private readonly store: RegistryStore) {}

  @MessagePattern(SUBJECTS.registry.health)
  async health(): Promise<RegistryHealthResponse> {
    try {
      await this.store.ping();
    } catch (error) {
      throw new ServiceUnavailableError(`Registry database unavailable: ${(error as Error).message}`);
    }
    return { status: 'ok', checks: { database: 'ok' } };
  }
}
