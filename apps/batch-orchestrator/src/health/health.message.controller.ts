import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { SUBJECTS } from '@llmops/contract';
import { DataSource } from 'typeorm';

@Controller()
export class HealthMessageController {
  constructor(private readonly dataSource: DataSource) {}

  @MessagePattern(SUBJECTS.batch.health)
  async health(): Promise<{ status: 'ok' | 'degraded'; checks: Record<string, string> }> {
    try {
      await this.dataSource.query('SELECT 1');
      return { status: 'ok', checks: { database: 'ok' } };
    } catch (error) {
      return { status: 'degraded', checks: { database: (error as Error).message } };
    }
  }
}
