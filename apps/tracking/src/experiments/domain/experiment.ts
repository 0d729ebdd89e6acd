import { InvalidParameterError } from '@llmops/contract';

export type LifecycleStage = 'active' | 'deleted';

export interface Tag {
  key: string;
  value: string;
}

/** An experiment: a named group of runs sharing an artifact location. */
export interface Experiment {
  /** Numeric string, as MLflow ("0" is the Default experiment). */
  id: string;
  name: string;
  artifactLocation: string;
  lifecycleStage: LifecycleStage;
  creationTime: number;
  lastUpdateTime: number;
  tags: Tag[];
}

export const DEFAULT_EXPERIMENT = { id: '0', name: 'Default' } as const;

export function assertExperimentActive(experiment: Experiment): void {
  if (experiment.lifecycleStage !== 'active') {
    throw new InvalidParameterError(
      `The experiment ${experiment.id} must be in the 'active' state. Current state is ${experiment.lifecycleStage}.`,
    );
  }
}
