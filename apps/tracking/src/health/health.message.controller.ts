import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { ServiceUnavailableError, SUBJECTS, TrackingHealthResponse } from '@llmops/contract';
import { TrackingStore } from '../store/tracking-store';

@Controller()
export class HealthController {
  constructor(private readonly store: TrackingStore) {}

  /** Answers only after the database did (`SELECT 1`); a failure surfaces as an error code. */
  @MessagePattern(SUBJECTS.tracking.health)
  async health(): Promise<TrackingHealthResponse> {
    try {
      await this.store.ping();
    } catch (error) {
      throw new ServiceUnavailableError(`Tracking database check failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
    return { status: 'ok', checks: { database: 'ok' } };
  }
}
