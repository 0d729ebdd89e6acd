import { Injectable } from '@nestjs/common';
import { ResourceNotFoundError } from '@llmops/contract';
import { TrackingStore } from '../../store/tracking-store';
import { Experiment } from '../domain/experiment';
import { requireExperiment } from '../experiment-lookup';

@Injectable()
export class GetExperimentHandler {
  constructor(private readonly store: TrackingStore) {}

  byId(id: string): Promise<Experiment> {
    return this.store.transaction(({ experiments }) => requireExperiment(experiments, id));
  }

  byName(name: string): Promise<Experiment> {
    return this.store.transaction(async ({ experiments }) => {
      const experiment = await experiments.findByName(name);
      if (!experiment) throw new ResourceNotFoundError(`Could not find experiment with name '${name}'`);
      return experiment;
    });
  }
}
