import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ListModelHistoryRequest,
  ListModelHistoryResponse,
  ModelHistoryAtRequest,
  ModelHistoryAtResponse,
  SUBJECTS,
} from '@llmops/contract';
import { historyEntryView } from '../views/registry.views';
import { HistoryHandler } from './history.handler';

@Controller()
export class HistoryController {
  constructor(private readonly history: HistoryHandler) {}

  @MessagePattern(SUBJECTS.registry.history.list)
  async list(@Payload() req: ListModelHistoryRequest): Promise<ListModelHistoryResponse> {
    const entries = await this.history.list(req.name, req.version === undefined ? undefined : Number(req.version));
    return { entries: entries.map(historyEntryView) };
  }

  @MessagePattern(SUBJECTS.registry.history.at)
  async at(@Payload() req: ModelHistoryAtRequest): Promise<ModelHistoryAtResponse> {
    const r = await this.history.at({ name: req.name, stage: req.stage, alias: req.alias, at: req.at });
    return {
      name: req.name,
      at: req.at,
      stage: r.stage,
      alias: r.alias,
      version: r.version === null ? null : String(r.version),
      versions: r.versions.map(String),
    };
  }
}
