import { DataSource } from 'typeorm';
import { TypeOrmExperimentRepository } from '../../experiments/infra/typeorm-experiment.repository';
import { TypeOrmLoggedModelRepository } from '../../logged-models/infra/typeorm-logged-model.repository';
import { TypeOrmPredictionRepository } from '../../predictions/infra/typeorm-prediction.repository';
import { RepeatedMetricsError, TypeOrmRunRepository } from '../../runs/infra/typeorm-run.repository';
import { TrackingRepositories, TrackingStore } from '../tracking-store';

/** The unit of work over TypeORM: repositories built on the transaction's own EntityManager. */
export class TypeOrmTrackingStore extends TrackingStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  /**
   * Runs `work` in one transaction. If it wrote a metric history entry that was already stored
   * (the insert's fast path refuses it), it is run once more, from the start, in a new transaction
   * whose metric inserts skip such repeats: nothing of the first attempt was committed.
   */
  async transaction<T>(work: (repos: TrackingRepositories) => Promise<T>): Promise<T> {
    try {
      return await this.attempt(work, false);
    } catch (error) {
      if (!(error instanceof RepeatedMetricsError)) throw error;
      return this.attempt(work, true);
    }
  }

  private attempt<T>(work: (repos: TrackingRepositories) => Promise<T>, metricRepeats: boolean): Promise<T> {
    return this.dataSource.transaction((em) =>
      work({
        experiments: new TypeOrmExperimentRepository(em),
        runs: new TypeOrmRunRepository(em, { metricRepeats }),
        predictions: new TypeOrmPredictionRepository(em),
        loggedModels: new TypeOrmLoggedModelRepository(em),
      }),
    );
  }

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  /** Gives the Default experiment (created by the migration) its location under the artifact root. */
  async ensureDefaultExperimentLocation(location: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE tracking_experiments SET artifact_location = $1 WHERE experiment_id = 0 AND artifact_location = ''`,
      [location],
    );
  }
}
