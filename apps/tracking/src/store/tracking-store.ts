import { ExperimentRepository } from '../experiments/domain/experiment.repository';
import { LoggedModelRepository } from '../logged-models/domain/logged-model.repository';
import { PredictionRepository } from '../predictions/domain/prediction.repository';
import { RunRepository } from '../runs/domain/run.repository';

export interface TrackingRepositories {
  experiments: ExperimentRepository;
  runs: RunRepository;
  predictions: PredictionRepository;
  loggedModels: LoggedModelRepository;
}

/**
 * Unit of work: every use case runs in one transaction, through repositories bound to it, so a
 * use case that fails half-way changes nothing (and, in embedded mode, never asks the single
 * PGlite connection for a second client while it holds one).
 */
export abstract class TrackingStore {
  abstract transaction<T>(work: (repos: TrackingRepositories) => Promise<T>): Promise<T>;
  /** `SELECT 1`, for the health check. */
  abstract ping(): Promise<void>;
}

/** Settings the use cases need. */
export abstract class TrackingSettings {
  /**
   * The artifact store (MLflow's `--artifacts-destination`), e.g. `file:///data/artifacts`: where
   * `mlflow-artifacts:/<path>` locations are (`<artifactRoot>/<path>`).
   */
  abstract readonly artifactRoot: string;
  /**
   * True (the default, MLflow's `--serve-artifacts`): clients are given `mlflow-artifacts:/`
   * locations and reach the bytes through the gateway's proxy. False: clients are given the
   * store's `file://` locations and write there themselves (a single user on the server's host).
   */
  abstract readonly serveArtifacts: boolean;
}
