import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { SUBJECTS } from '@llmops/contract';
import { ModelCache } from '../model-cache/model-cache';

interface EventWithUris {
  modelUris?: unknown;
}

/**
 * Registry events that may move a `models:/` URI. Subscribed outside the queue group
 * (`queue: ''`) so that EVERY replica hears them and refreshes its own cache.
 */
@Controller()
export class RegistryEventsController {
  private readonly logger = new Logger('RegistryEvents');

  constructor(private readonly cache: ModelCache) {}

  @EventPattern(SUBJECTS.registry.events.stageChanged, { queue: '' })
  stageChanged(@Payload() event: EventWithUris) {
    return this.refresh(event);
  }

  @EventPattern(SUBJECTS.registry.events.aliasSet, { queue: '' })
  aliasSet(@Payload() event: EventWithUris) {
    return this.refresh(event);
  }

  @EventPattern(SUBJECTS.registry.events.aliasDeleted, { queue: '' })
  aliasDeleted(@Payload() event: EventWithUris) {
    return this.refresh(event);
  }

  @EventPattern(SUBJECTS.registry.events.versionDeleted, { queue: '' })
  versionDeleted(@Payload() event: EventWithUris) {
    return this.refresh(event);
  }

  @EventPattern(SUBJECTS.registry.events.modelDeleted, { queue: '' })
  modelDeleted(@Payload() event: EventWithUris) {
    return this.refresh(event);
  }

  @EventPattern(SUBJECTS.registry.events.modelRenamed, { queue: '' })
  modelRenamed(@Payload() event: EventWithUris) {
    return this.refresh(event);
  }

  private async refresh(event: EventWithUris): Promise<void> {
    const uris = Array.isArray(event?.modelUris)
      ? event.modelUris.filter((u): u is string => typeof u === 'string')
      : [];
    if (uris.length === 0) return;
    try {
      await this.cache.refresh(uris);
    } catch (error) {
      this.logger.error(`Refreshing ${uris.join(', ')} failed: ${(error as Error).message}`);
    }
  }
}
