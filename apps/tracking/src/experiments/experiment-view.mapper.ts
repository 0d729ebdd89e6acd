import { ExperimentView } from '@llmops/contract';
import { ArtifactLocations } from '../artifacts/artifact-locations';
import { Experiment } from './domain/experiment';

/** An experiment as clients see it (its artifact location as `locations` presents it). */
export function toExperimentView(experiment: Experiment, locations: ArtifactLocations): ExperimentView {
  return {
    experiment_id: experiment.id,
    name: experiment.name,
    artifact_location: locations.presentExperiment(experiment),
    lifecycle_stage: experiment.lifecycleStage,
    creation_time: experiment.creationTime,
    last_update_time: experiment.lastUpdateTime,
    tags: experiment.tags.map((t) => ({ key: t.key, value: t.value })),
  };
}
