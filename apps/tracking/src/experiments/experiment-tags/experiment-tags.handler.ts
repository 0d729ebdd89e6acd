import { Injectable } from '@nestjs/common';
import { ResourceNotFoundError } from '@llmops/contract';
import { validateKey, validateTag } from '../../shared/validation';
import { TrackingStore } from '../../store/tracking-store';
import { assertExperimentActive } from '../domain/experiment';
import { requireExperiment } from '../experiment-lookup';

@Injectable()
export class ExperimentTagsHandler {
  constructor(private readonly store: TrackingStore) {}

  async set(experimentId: string, key: string, value: string): Promise<void> {
    validateTag(key, value, 'experiment tag');
    await this.store.transaction(async ({ experiments }) => {
      assertExperimentActive(await requireExperiment(experiments, experimentId, { lock: true }));
      await experiments.setTag(experimentId, { key, value });
    });
  }

  async delete(experimentId: string, key: string): Promise<void> {
    validateKey(key, 'experiment tag key');
    await this.store.transaction(async ({ experiments }) => {
      assertExperimentActive(await requireExperiment(experiments, experimentId, { lock: true }));
      if (!(await experiments.deleteTag(experimentId, key))) {
        throw new ResourceNotFoundError(`No tag with name: ${key} in experiment with id ${experimentId}`);
      }
    });
  }
}
