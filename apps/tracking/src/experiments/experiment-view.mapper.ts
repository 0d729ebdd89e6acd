import { ExperimentView } from '@llmops/contract';
import { Experiment } from './domain/experiment';

export function toExperimentView(experiment: Experiment): ExperimentView {
  return {
    experiment_id: experiment.id,
    name: experiment.name,
    artifact_location: experiment.artifactLocation,
    lifecycle_stage: experiment.lifecycleStage,
    creation_time: experiment.creationTime,
    last_update_time: experiment.lastUpdateTime,
    tags: experiment.tags.map((t) => ({ key: t.key, value: t.value })),
  };
}
