import { LifecycleStage, Tag } from '../../experiments/domain/experiment';
import { Param } from '../../runs/domain/run';
import { LoggedModel, LoggedModelStatus } from '../domain/logged-model';
import { LoggedModelEntity } from './logged-model.entity';

export function loggedModelFromEntity(e: LoggedModelEntity, params: Param[], tags: Tag[]): LoggedModel {
  return {
    modelId: e.modelId,
    experimentId: String(e.experimentId),
    name: e.name,
    artifactLocation: e.artifactLocation,
    creationTimestamp: Number(e.creationTimestampMs),
    lastUpdatedTimestamp: Number(e.lastUpdatedTimestampMs),
    status: e.status as LoggedModelStatus,
    statusMessage: e.statusMessage,
    modelType: e.modelType,
    sourceRunId: e.sourceRunId,
    lifecycleStage: e.lifecycleStage as LifecycleStage,
    params,
    tags,
  };
}

export function loggedModelToEntity(m: LoggedModel): LoggedModelEntity {
  const e = new LoggedModelEntity();
  e.modelId = m.modelId;
  e.experimentId = m.experimentId;
  e.name = m.name;
  e.artifactLocation = m.artifactLocation;
  e.creationTimestampMs = String(m.creationTimestamp);
  e.lastUpdatedTimestampMs = String(m.lastUpdatedTimestamp);
  e.status = m.status;
  e.statusMessage = m.statusMessage;
  e.modelType = m.modelType;
  e.sourceRunId = m.sourceRunId;
  e.lifecycleStage = m.lifecycleStage;
  return e;
}
