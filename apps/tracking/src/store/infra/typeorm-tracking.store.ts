import { DataSource } from 'typeorm';
import { TypeOrmExperimentRepository } from '../../experiments/infra/typeorm-experiment.repository';
import { TypeOrmLoggedModelRepository } from '../../logged-models/infra/typeorm-logged-model.repository';
import { TypeOrmPredictionRepository } from '../../predictions/infra/typeorm-prediction.repository';
import { TypeOrmRunRepository } from '../../runs/infra/typeorm-run.repository';
import { TrackingRepositories, TrackingStore } from '../tracking-store';

/** The unit of work over TypeORM: repositories built on the transaction's own EntityManager. */
export class TypeOrmTrackingStore extends TrackingStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  transaction<T>(work: (repos: TrackingRepositories) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((em) =>
      work({
        experiments: new TypeOrmExperimentRepository(em),
        runs: new TypeOrmRunRepository(em),
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
