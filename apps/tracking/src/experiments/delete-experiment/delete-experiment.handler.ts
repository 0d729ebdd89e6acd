import { Injectable } from '@nestjs/common';
import { InvalidParameterError } from '@llmops/contract';
import { Clock } from '../../shared/clock';
import { TrackingStore } from '../../store/tracking-store';
import { DEFAULT_EXPERIMENT } from '../domain/experiment';
import { requireExperiment } from '../experiment-lookup';

/** Soft delete and restore, as MLflow: the experiment's runs follow it. */
@Injectable()
export class DeleteExperimentHandler {
  constructor(
    private readonly store: TrackingStore,
    private readonly clock: Clock,
  ) {}

  async delete(experimentId: string): Promise<void> {
    if (experimentId === DEFAULT_EXPERIMENT.id) {
      throw new InvalidParameterError(
        'Cannot delete the default experiment (id 0). This is an internally reserved experiment.',
      );
    }
    await this.store.transaction(async ({ experiments, runs }) => {
      const experiment = await requireExperiment(experiments, experimentId, { lock: true });
      if (experiment.lifecycleStage === 'deleted') return;
      const now = this.clock.now();
      await experiments.update({ ...experiment, lifecycleStage: 'deleted', lastUpdateTime: now });
      await runs.deleteRunsOfExperiment(experimentId, now);
    });
  }

  async restore(experimentId: string): Promise<void> {
    await this.store.transaction(async ({ experiments, runs }) => {
      const experiment = await requireExperiment(experiments, experimentId, { lock: true });
      if (experiment.lifecycleStage === 'active') return;
      await runs.restoreRunsOfExperiment(experimentId, experiment.lastUpdateTime);
      await experiments.update({ ...experiment, lifecycleStage: 'active', lastUpdateTime: this.clock.now() });
    });
  }
}
