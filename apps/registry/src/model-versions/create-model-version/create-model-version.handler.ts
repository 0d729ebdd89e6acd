import { Injectable } from '@nestjs/common';
import { InvalidParameterError, ModelVersionCreatedEvent, ResourceNotFoundError, SUBJECTS } from '@llmops/contract';
import { RegistryAccess, RegistryCaller } from '../../access/registry-access';
import { NoRegistryPermissions } from '../../access/registry-permissions.port';
import { ModelVersion, Tag } from '../../domain/registry.model';
import { classifySource, parseSource, storageLocationOf } from '../../domain/source-location';
import { latestUri, stageUri, versionUri } from '../../model-uris';
import { Clock } from '../../ports/clock.port';
import { RegistryEvents } from '../../ports/registry-events.port';
import { RegistryStore } from '../../ports/registry.store';
import { TrackingPort } from '../../ports/tracking.port';

export interface CreateModelVersionCommand {
  name: string;
  source: string;
  runId?: string;
  /** MLflow 3: the logged model being registered. */
  modelId?: string;
  description?: string;
  tags?: Tag[];
  userId: string;
  /** The authenticated caller: needs READ on the source's run (and logged model). */
  caller?: RegistryCaller;
}

/** Where a version's package is, as tracking knows it. */
interface LocatedSource {
  runId: string;
  loggedModelId: string | null;
  /** The proxy's location (`mlflow-artifacts:/...`), what MLflow clients download. */
  storageLocation: string;
  /** The experiment of the owner tracking resolved (a logged model's), when known. */
  ownerExperimentId?: string;
}

@Injectable()
export class CreateModelVersionHandler {
  constructor(
    private readonly store: RegistryStore,
    private readonly tracking: TrackingPort,
    private readonly events: RegistryEvents,
    private readonly clock: Clock,
    private readonly access: RegistryAccess = new RegistryAccess(new NoRegistryPermissions()),
  ) {}

  async execute(cmd: CreateModelVersionCommand): Promise<ModelVersion> {
    const kind = classifySource(cmd.source, cmd.runId);
    if (!(await this.store.findModel(cmd.name))) {
      throw new ResourceNotFoundError(`Registered model '${cmd.name}' not found`);
    }
    // Asked before taking the model's lock: a slow tracking must not block other registrations.
    const located = kind.kind === 'tracked' ? await this.tracked(cmd) : await this.inRun(cmd, kind.runId);
    await this.requireReadOnSource(cmd, located);

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
        runId: located.runId,
        storageLocation: located.storageLocation,
        loggedModelId: located.loggedModelId,
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

  /**
   * `runs:/`, `models:/<model_id>` and served sources: tracking names the owner (the run, or the
   * MLflow 3 logged model a run produced) and its served location. The run and model the caller
   * gave must be that owner's.
   */
  private async tracked(cmd: CreateModelVersionCommand): Promise<LocatedSource> {
    const location = await this.tracking.resolveLocation(cmd.source);
    if (location.lifecycleStage === 'deleted') {
      throw new InvalidParameterError(
        `The ${location.owner.kind.replace('_', ' ')} '${location.owner.id}' of source '${cmd.source}' is deleted; restore it before registering its model`,
      );
    }
    let runId: string;
    let loggedModelId: string | null = null;
    if (location.owner.kind === 'run') {
      runId = location.owner.id;
    } else {
      loggedModelId = location.owner.id;
      runId = (await this.tracking.loggedModel(loggedModelId)).sourceRunId ?? cmd.runId ?? '';
    }
    if (cmd.runId !== undefined && cmd.runId !== runId) {
      throw new InvalidParameterError(`run_id '${cmd.runId}' does not match the run of source '${cmd.source}'`);
    }
    if (cmd.modelId !== undefined && cmd.modelId !== loggedModelId) {
      throw new InvalidParameterError(
        `model_id '${cmd.modelId}' does not match the logged model of source '${cmd.source}'`,
      );
    }
    return {
      runId,
      loggedModelId,
      storageLocation: location.servedUri,
      ownerExperimentId: location.owner.experimentId,
    };
  }

  /**
   * A version serves its source's files to whoever may read the model: registering one needs READ
   * on the run (and logged model) the source resolved to, however the source named it (`runs:/`,
   * `mlflow-artifacts:/`, `models:/<model_id>`, a location with `run_id`). Decided here, on the
   * owner tracking resolved, not on how the request spelled it.
   */
  private async requireReadOnSource(cmd: CreateModelVersionCommand, located: LocatedSource): Promise<void> {
    if (this.access.privileged(cmd.caller)) return;
    const experiments = new Set<string>();
    if (located.ownerExperimentId !== undefined) experiments.add(located.ownerExperimentId);
    if (located.runId !== '') experiments.add((await this.tracking.getRun(located.runId)).experimentId);
    for (const experimentId of experiments) {
      await this.access.requireReadOnExperiment(
        cmd.caller,
        experimentId,
        `to register the model of source '${cmd.source}'`,
      );
    }
  }

  /** A URI inside the run's artifacts, in any of the forms tracking gave out for them. */
  private async inRun(cmd: CreateModelVersionCommand, runId: string): Promise<LocatedSource> {
    if (cmd.modelId !== undefined) {
      throw new InvalidParameterError(`model_id is given but source '${cmd.source}' names a run's artifacts`);
    }
    const root = await this.tracking.artifactRoot(runId);
    if (root.lifecycleStage === 'deleted') {
      throw new InvalidParameterError(`Run '${runId}' is deleted; restore it before registering its model`);
    }
    const ref = parseSource(cmd.source, runId);
    const inside = [root.artifactUri, root.storageUri].find((r) => {
      const base = r.replace(/\/+$/, '');
      return cmd.source === base || cmd.source.startsWith(`${base}/`);
    });
    const location = storageLocationOf(cmd.source, ref, inside ?? root.storageUri);
    const relative = location.slice((inside ?? root.storageUri).replace(/\/+$/, '').length).replace(/^\/+/, '');
    return {
      runId,
      loggedModelId: null,
      storageLocation: relative === '' ? root.servedUri : `${root.servedUri}/${relative}`,
    };
  }
}
