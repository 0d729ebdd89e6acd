import { Injectable } from '@nestjs/common';
import { InvalidParameterError, ModelVersionCreatedEvent, ResourceNotFoundError, SUBJECTS } from '@llmops/contract';
import { ModelVersion, Tag } from '../../domain/registry.model';
import { parseSource, storageLocationOf } from '../../domain/source-location';
import { latestUri, stageUri, versionUri } from '../../model-uris';
import { Clock } from '../../ports/clock.port';
import { RegistryEvents } from '../../ports/registry-events.port';
import { RegistryStore } from '../../ports/registry.store';
import { TrackingPort } from '../../ports/tracking.port';

export interface CreateModelVersionCommand {
  name: string;
  source: string;
  runId?: string;
  description?: string;
  tags?: Tag[];
  userId: string;
}

@Injectable()
export class CreateModelVersionHandler {
  constructor(
    private readonly store: RegistryStore,
    private readonly tracking: TrackingPort,
    private readonly events: RegistryEvents,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: CreateModelVersionCommand): Promise<ModelVersion> {
    const ref = parseSource(cmd.source, cmd.runId);
    if (!(await this.store.findModel(cmd.name))) {
      throw new ResourceNotFoundError(`Registered model '${cmd.name}' not found`);
    }
    // Asked before taking the model's lock: a slow tracking must not block other registrations.
    const root = await this.tracking.artifactRoot(ref.runId);
    if (root.lifecycleStage === 'deleted') {
      throw new InvalidParameterError(`Run '${ref.runId}' is deleted; restore it before registering its model`);
    }
    const storageLocation = storageLocationOf(cmd.source, ref, root.artifactUri);

    const created = await this.store.withModel(cmd.name, async (model) => {
      const number = await model.allocateVersionNumber();
      const now = this.clock.now();
      const version: ModelVersion = {
        modelId: model.model.id,
        name: model.model.name,
        version: number,
        createdAt: now,
        updatedAt: now,
        userId: cmd.userId,
        stage: 'None',
        description: cmd.description ?? '',
        source: cmd.source,
        runId: ref.runId,
        storageLocation,
        tags: cmd.tags ?? [],
        aliases: [],
      };
      await model.addVersion(version);
      await model.updateModel({ updatedAt: now });
      return version;
    });

    const event: ModelVersionCreatedEvent = {
      name: created.name,
      version: created.version,
      runId: created.runId,
      source: created.source,
      storageLocation: created.storageLocation,
      modelUris: [versionUri(created.name, created.version), latestUri(created.name), stageUri(created.name, 'None')],
      at: created.createdAt,
      userId: created.userId,
    };
    await this.events.publish(SUBJECTS.registry.events.versionCreated, event);
    return created;
  }
}
