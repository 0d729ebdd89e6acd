import { Injectable } from '@nestjs/common';
import {
  appendToArtifactUri,
  ArtifactRepositoryFactory,
  safeArtifactPath,
  servedArtifactPath,
} from '@llmops/artifacts';
import { ArtifactOwnerKind, InvalidParameterError, parseModelUri } from '@llmops/contract';
import { LoggedModel, LOGGED_MODEL_ID } from '../../logged-models/domain/logged-model';
import { requireLoggedModel } from '../../logged-models/logged-model-lookup';
import { requireRunInfo } from '../../runs/run-lookup';
import { TrackingStore } from '../../store/tracking-store';
import { requireExperiment } from '../../experiments/experiment-lookup';
import { TRACE_ID } from '../../traces/domain/trace';
import { TraceRepository } from '../../traces/domain/trace.repository';
import { requireTrace } from '../../traces/trace-lookup';
import { ArtifactLocations } from '../artifact-locations';

/** Whose artifacts a location names and where they are. */
export interface ResolvedArtifactLocation {
  owner: { kind: ArtifactOwnerKind; id: string; experimentId: string };
  lifecycleStage: string;
  rootStorageUri: string;
  rootServedUri: string;
  /** Below the owner's root ('' = the root). */
  path: string;
}

const RUN_ID = /^[0-9a-f]{32}$/;

/**
 * The proxy's one resolution of a served path to the owner of the artifacts and their storage.
 * Served paths follow MLflow's layout under an experiment: `<experiment_id>/<run_id>/artifacts/...`
 * (runs) and `<experiment_id>/models/<model_id>/artifacts/...` (logged models); the owner must be in
 * the experiment the path names, so authorising on that experiment and owner is authorising on the
 * bytes. Anything else in the store (another owner's files, staging, a path that names no owner) is
 * not reachable through the proxy.
 */
@Injectable()
export class ResolveLocationHandler {
  constructor(
    private readonly store: TrackingStore,
    private readonly locations: ArtifactLocations,
    private readonly artifacts: ArtifactRepositoryFactory,
    private readonly traces: TraceRepository,
  ) {}

  async execute(uri: string): Promise<ResolvedArtifactLocation> {
    if (typeof uri !== 'string' || uri === '') throw new InvalidParameterError('Missing artifact location uri');
    const served = /^mlflow-artifacts:/i.test(uri) ? servedArtifactPath(uri) : undefined;
    if (served !== undefined) return this.servedPath(served, uri);
    if (uri.startsWith('runs:/')) {
      const parsed = parseModelUri(uri);
      if (parsed.kind !== 'run') throw new InvalidParameterError(`Invalid runs:/ URI '${uri}'`);
      return this.runPath(parsed.runId, safeArtifactPath(parsed.path));
    }
    const loggedModelUri = /^models:\/(m-[0-9a-f]{32})(?:\/(.*))?$/.exec(uri);
    if (loggedModelUri) return this.loggedModelArtifacts(loggedModelUri[1], safeArtifactPath(loggedModelUri[2] ?? ''));
    throw new InvalidParameterError(
      `Cannot resolve artifact location '${uri}': expected mlflow-artifacts:/<experiment_id>/<run_id>/artifacts/<path>, runs:/<run_id>/<path> or models:/<model_id>`,
    );
  }

  /**
   * A served path: `<experiment_id>/<run_id>/artifacts[/<path>]`, `<experiment_id>/models/<model_id>/artifacts[/<path>]`
   * or `<experiment_id>/traces/<trace_id>/artifacts[/<path>]`.
   */
  async servedPath(path: string, uri = path): Promise<ResolvedArtifactLocation> {
    const [experimentId, second, ...rest] = path.split('/');
    if (experimentId && RUN_ID.test(second ?? '') && rest[0] === 'artifacts') {
      const resolved = await this.runArtifacts(second, rest.slice(1).join('/'));
      if (resolved.owner.experimentId !== experimentId) {
        throw new InvalidParameterError(`Run '${second}' is not in experiment '${experimentId}'`);
      }
      return resolved;
    }
    if (experimentId && second === 'models' && LOGGED_MODEL_ID.test(rest[0] ?? '') && rest[1] === 'artifacts') {
      const resolved = await this.loggedModelArtifacts(rest[0], rest.slice(2).join('/'));
      if (resolved.owner.experimentId !== experimentId) {
        throw new InvalidParameterError(`Logged model '${rest[0]}' is not in experiment '${experimentId}'`);
      }
      return resolved;
    }
    if (experimentId && second === 'traces' && TRACE_ID.test(rest[0] ?? '') && rest[1] === 'artifacts') {
      const resolved = await this.traceArtifacts(rest[0], rest.slice(2).join('/'));
      if (resolved.owner.experimentId !== experimentId) {
        throw new InvalidParameterError(`Trace '${rest[0]}' is not in experiment '${experimentId}'`);
      }
      return resolved;
    }
    throw new InvalidParameterError(
      `Artifact location ${JSON.stringify(uri)} is not <experiment_id>/<run_id>/artifacts/<path>: only the artifacts of runs, logged models and traces are served`,
    );
  }

  /**
   * `runs:/<run_id>/<path>`: the run's own artifacts; when the run has nothing at `<path>`'s first
   * segment, MLflow 3's logged model of that name the run produced (its models live apart from the
   * run's artifacts), as MLflow 3's RunsArtifactRepository resolves it.
   */
  private async runPath(runId: string, path: string): Promise<ResolvedArtifactLocation> {
    const run = await this.runArtifacts(runId, path);
    const [name, ...rest] = path.split('/');
    if (name === '' || (await this.artifacts.forUri(run.rootStorageUri).exists(name))) return run;
    const models = await this.store.transaction(({ loggedModels }) => loggedModels.findBySourceRun(runId, name));
    const latest = models[models.length - 1];
    return latest ? this.ofLoggedModel(latest, rest.join('/')) : run;
  }

  private async loggedModelArtifacts(modelId: string, path: string): Promise<ResolvedArtifactLocation> {
    const model = await this.store.transaction(({ loggedModels }) => requireLoggedModel(loggedModels, modelId));
    return this.ofLoggedModel(model, path);
  }

  private ofLoggedModel(model: LoggedModel, path: string): ResolvedArtifactLocation {
    return {
      owner: { kind: 'logged_model', id: model.modelId, experimentId: model.experimentId },
      lifecycleStage: model.lifecycleStage,
      rootStorageUri: this.locations.storageUri(model.artifactLocation),
      rootServedUri: this.locations.servedLoggedModelUri(model),
      path,
    };
  }

  /** A trace's `traces.json` (MLflow clients that do not send spans over OTLP upload it here). */
  private async traceArtifacts(traceId: string, path: string): Promise<ResolvedArtifactLocation> {
    const info = await requireTrace(this.traces, traceId);
    const experiment = await this.store.transaction(({ experiments }) =>
      requireExperiment(experiments, info.experimentId),
    );
    return {
      owner: { kind: 'trace', id: traceId, experimentId: info.experimentId },
      lifecycleStage: experiment.lifecycleStage,
      rootStorageUri: this.locations.traceStorageUri(traceId, experiment.artifactLocation),
      rootServedUri: this.locations.servedTraceUri(info),
      path,
    };
  }

  private async runArtifacts(runId: string, path: string): Promise<ResolvedArtifactLocation> {
    const info = await this.store.transaction(({ runs }) => requireRunInfo(runs, runId));
    return {
      owner: { kind: 'run', id: info.runId, experimentId: info.experimentId },
      lifecycleStage: info.lifecycleStage,
      rootStorageUri: this.locations.storageUri(info.artifactUri),
      rootServedUri: this.locations.servedRunUri(info),
      path,
    };
  }
}

/** `root` + `path` for the answer's full URIs. */
export function withPath(root: string, path: string): string {
  return appendToArtifactUri(root, path);
}
