import { ExperimentRepository } from '../experiments/domain/experiment.repository';
import { PredictionRepository } from '../predictions/domain/prediction.repository';
import { RunRepository } from '../runs/domain/run.repository';

export interface TrackingRepositories {
  experiments: ExperimentRepository;
  runs: RunRepository;
  predictions: PredictionRepository;
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
  /** Default parent of experiments' artifact locations, e.g. `file:///data/artifacts`. */
  abstract readonly artifactRoot: string;
}
