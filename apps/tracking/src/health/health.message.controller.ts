import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { SUBJECTS, TrackingHealthResponse } from '@llmops/contract';
import { TrackingStore } from '../store/tracking-store';

@Controller()
export class HealthController {
  constructor(private readonly store: TrackingStore) {}

  /** Answers only after the database did (`SELECT 1`); a failure surfaces as an error code. */
  @MessagePattern(SUBJECTS.tracking.health)
  async health(): Promise<TrackingHealthResponse> {
    await this.store.ping();
    return { status: 'ok', checks: { database: 'ok' } };
  }
}
