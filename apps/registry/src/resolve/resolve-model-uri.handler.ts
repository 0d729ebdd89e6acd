import { Injectable } from '@nestjs/common';
import { InvalidParameterError, parseModelUri, ResolvedModel, ResourceNotFoundError } from '@llmops/contract';
import { validateAlias } from '../domain/alias-rules';
import { ModelVersion } from '../domain/registry.model';
import { checkRelativePath } from '../domain/source-location';
import { RegistryStore } from '../ports/registry.store';
import { TrackingPort } from '../ports/tracking.port';

const LATEST = /^models:\/([^/@]+)\/latest$/i;
const LOGGED_MODEL = /^models:\/(m-[0-9a-f]{32})$/;

/** `models:/...` and `runs:/...` to the concrete location of the packaged model. */
@Injectable()
export class ResolveModelUriHandler {
  constructor(
    private readonly store: RegistryStore,
    private readonly tracking: TrackingPort,
  ) {}

  async execute(uri: string): Promise<ResolvedModel> {
    const latest = LATEST.exec(uri);
    if (latest) {
      const versions = await this.versionsOf(latest[1]);
      if (versions.length === 0) throw new ResourceNotFoundError(`Registered model '${latest[1]}' has no versions`);
      return resolved(versions[versions.length - 1], uri);
    }
    if (LOGGED_MODEL.test(uri)) {
      // MLflow 3's logged model URI: tracking knows where its package is and which run made it.
      const location = await this.tracking.resolveLocation(uri);
      const model = await this.tracking.loggedModel(location.owner.id);
      return {
        name: null,
        version: null,
        storageLocation: location.servedUri,
        runId: model.sourceRunId ?? '',
        modelUri: uri,
      };
    }
    const parsed = parseModelUri(uri);
    switch (parsed.kind) {
      case 'run': {
        checkRelativePath(parsed.path, uri);
        // The run's artifacts, or (MLflow 3) the logged model of that name the run produced.
        const location = await this.tracking.resolveLocation(uri);
        return { name: null, version: null, storageLocation: location.servedUri, runId: parsed.runId, modelUri: uri };
      }
      case 'model-version': {
        const v = await this.store.findVersion(parsed.name, parsed.version);
        if (!v) throw new ResourceNotFoundError(`Model version '${parsed.name}' version ${parsed.version} not found`);
        return resolved(v, uri);
      }
      case 'model-stage': {
        const inStage = (await this.versionsOf(parsed.name)).filter((v) => v.stage === parsed.stage);
        if (inStage.length === 0) {
          throw new ResourceNotFoundError(`Registered model '${parsed.name}' has no version in stage ${parsed.stage}`);
        }
        return resolved(inStage[inStage.length - 1], uri);
      }
      case 'model-alias': {
        const alias = validateAlias(parsed.alias);
        const model = await this.store.findModel(parsed.name);
        if (!model) throw new ResourceNotFoundError(`Registered model '${parsed.name}' not found`);
        const held = model.aliases.find((a) => a.alias === alias);
        const v = held && (await this.store.findVersion(parsed.name, held.version));
        if (!v) throw new ResourceNotFoundError(`Registered model '${parsed.name}' has no alias '${alias}'`);
        return resolved(v, uri);
      }
      default:
        throw new InvalidParameterError(`Unsupported model URI '${uri}'`);
    }
  }

  /** The model's versions ascending; ResourceNotFoundError when the model does not exist. */
  private async versionsOf(name: string): Promise<ModelVersion[]> {
    if (!(await this.store.findModel(name))) throw new ResourceNotFoundError(`Registered model '${name}' not found`);
    return (await this.store.listVersions(name)).sort((a, b) => a.version - b.version);
  }
}

function resolved(v: ModelVersion, uri: string): ResolvedModel {
  return { name: v.name, version: v.version, storageLocation: v.storageLocation, runId: v.runId, modelUri: uri };
}
