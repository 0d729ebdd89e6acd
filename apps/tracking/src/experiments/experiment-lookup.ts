import { ResourceNotFoundError } from '@llmops/contract';
import { isWellFormedExperimentId } from '../shared/validation';
import { Experiment } from './domain/experiment';
import { ExperimentRepository } from './domain/experiment.repository';

/** The experiment, or RESOURCE_DOES_NOT_EXIST (also for ids that cannot exist, e.g. "abc"). */
export async function requireExperiment(
  repo: ExperimentRepository,
  id: string,
  options?: { lock?: boolean },
): Promise<Experiment> {
  const experiment = isWellFormedExperimentId(id) ? await repo.findById(id, options) : null;
  if (!experiment) throw new ResourceNotFoundError(`No Experiment with id=${id} exists`);
  return experiment;
}
