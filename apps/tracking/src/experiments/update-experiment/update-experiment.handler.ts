import { Injectable } from '@nestjs/common';
import { InvalidParameterError, ResourceAlreadyExistsError } from '@llmops/contract';
import { Clock } from '../../shared/clock';
import { validateExperimentName } from '../../shared/validation';
import { TrackingStore } from '../../store/tracking-store';
import { requireExperiment } from '../experiment-lookup';

@Injectable()
export class UpdateExperimentHandler {
  constructor(
    private readonly store: TrackingStore,
    private readonly clock: Clock,
  ) {}

  /** Renames an active experiment; names stay unique among all experiments. */
  async rename(experimentId: string, newName: string): Promise<void> {
    const name = validateExperimentName(newName, 'new_name');
    await this.store.transaction(async ({ experiments }) => {
      const experiment = await requireExperiment(experiments, experimentId, { lock: true });
      if (experiment.lifecycleStage !== 'active') {
        throw new InvalidParameterError('Cannot rename a non-active experiment.');
      }
      if (experiment.name === name) return;
      const clash = await experiments.findByName(name);
      if (clash) throw new ResourceAlreadyExistsError(`Experiment '${name}' already exists.`);
      await experiments.update({ ...experiment, name, lastUpdateTime: this.clock.now() });
    });
  }
}
