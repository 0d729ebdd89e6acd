import { Experiment, LifecycleStage } from '../domain/experiment';
import { ExperimentEntity, ExperimentTagEntity } from './experiment.entity';

export function experimentFromEntity(entity: ExperimentEntity, tags: ExperimentTagEntity[]): Experiment {
  return {
    id: String(entity.experimentId),
    name: entity.name,
    artifactLocation: entity.artifactLocation,
    lifecycleStage: entity.lifecycleStage as LifecycleStage,
    creationTime: Number(entity.creationTime),
    lastUpdateTime: Number(entity.lastUpdateTime),
    tags: tags.map((t) => ({ key: t.key, value: t.value })).sort((a, b) => (a.key < b.key ? -1 : 1)),
  };
}

export function experimentToEntity(experiment: Experiment): ExperimentEntity {
  const entity = new ExperimentEntity();
  entity.experimentId = experiment.id;
  entity.name = experiment.name;
  entity.artifactLocation = experiment.artifactLocation;
  entity.lifecycleStage = experiment.lifecycleStage;
  entity.creationTime = String(experiment.creationTime);
  entity.lastUpdateTime = String(experiment.lastUpdateTime);
  return entity;
}
