import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { ServiceUnavailableError, SUBJECTS } from '@llmops/contract';
import { IdentityStore } from '../store/identity-store';

@Controller()
export class HealthController {
  constructor(private readonly store: IdentityStore) {}

  @MessagePattern(SUBJECTS.identity.health)
  async health(): Promise<{ status: 'ok'; checks: { database: 'ok' } }> {
    try {
      await this.store.ping();
    } catch (error) {
      throw new ServiceUnavailableError(`Identity database check failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
    return { status: 'ok', checks: { database: 'ok' } };
  }
}
