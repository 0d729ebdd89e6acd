import { Injectable } from '@nestjs/common';
import { appendToArtifactUri, ArtifactStoreRoot, servedArtifactUri } from '@llmops/artifacts';
import { Experiment } from '../experiments/domain/experiment';
import { RunInfo } from '../runs/domain/run';
import { TrackingSettings } from '../store/tracking-store';

/** The parts of a logged model that place its artifacts. */
export interface LoggedModelPlace {
  modelId: string;
  experimentId: string;
  artifactLocation: string;
}

/**
 * Where artifacts are, in the three forms the platform uses:
 *
 * - stored: what the database keeps. New experiments get `mlflow-artifacts:/<id>` (a place in the
 *   store, so a moved data directory keeps working); data from before served artifacts keeps its
 *   `file://` locations, which stay valid as they are.
 * - storage: where the bytes are (`file://...` under ARTIFACT_ROOT), for the services that read and
 *   write them (gateway, inference). Never shown to MLflow clients when artifacts are served.
 * - presented: what clients see. Served: `mlflow-artifacts:/<experiment_id>[/<run_id>/artifacts |
 *   /models/<model_id>/artifacts]` whatever the stored form (old `file://` data included), which is
 *   exactly the path the proxy resolves back through the database. Not served: the storage URI.
 */
@Injectable()
export class ArtifactLocations {
  private readonly store: ArtifactStoreRoot;
  readonly serveArtifacts: boolean;

  constructor(settings: TrackingSettings) {
    this.store = new ArtifactStoreRoot(settings.artifactRoot);
    this.serveArtifacts = settings.serveArtifacts;
  }

  newExperimentLocation(experimentId: string): string {
    return servedArtifactUri(experimentId);
  }

  newRunLocation(experiment: Pick<Experiment, 'artifactLocation'>, runId: string): string {
    return appendToArtifactUri(experiment.artifactLocation, `${runId}/artifacts`);
  }

  newLoggedModelLocation(experiment: Pick<Experiment, 'artifactLocation'>, modelId: string): string {
    return appendToArtifactUri(experiment.artifactLocation, `models/${modelId}/artifacts`);
  }

  storageUri(stored: string): string {
    return this.store.storageUriOf(stored);
  }

  /** The proxy's address of each owner of artifacts, whatever its stored location. */
  servedExperimentUri(experimentId: string): string {
    return servedArtifactUri(experimentId);
  }

  servedRunUri(info: Pick<RunInfo, 'experimentId' | 'runId'>): string {
    return servedArtifactUri(`${info.experimentId}/${info.runId}/artifacts`);
  }

  servedLoggedModelUri(model: Pick<LoggedModelPlace, 'experimentId' | 'modelId'>): string {
    return servedArtifactUri(`${model.experimentId}/models/${model.modelId}/artifacts`);
  }

  /** A trace's artifacts (`traces.json`): `<experiment location>/traces/<trace_id>/artifacts`, as MLflow places them. */
  traceStorageUri(traceId: string, experimentLocation: string): string {
    return this.storageUri(appendToArtifactUri(experimentLocation, `traces/${traceId}/artifacts`));
  }

  servedTraceUri(info: { experimentId: string; traceId: string }): string {
    return servedArtifactUri(`${info.experimentId}/traces/${info.traceId}/artifacts`);
  }

  presentTrace(info: { experimentId: string; traceId: string }, experimentLocation: string): string {
    return this.serveArtifacts ? this.servedTraceUri(info) : this.traceStorageUri(info.traceId, experimentLocation);
  }

  presentExperiment(experiment: Pick<Experiment, 'id' | 'artifactLocation'>): string {
    return this.serveArtifacts ? this.servedExperimentUri(experiment.id) : this.storageUri(experiment.artifactLocation);
  }

  presentRun(info: Pick<RunInfo, 'experimentId' | 'runId' | 'artifactUri'>): string {
    return this.serveArtifacts ? this.servedRunUri(info) : this.storageUri(info.artifactUri);
  }

  presentLoggedModel(model: LoggedModelPlace): string {
    return this.serveArtifacts ? this.servedLoggedModelUri(model) : this.storageUri(model.artifactLocation);
  }
}
