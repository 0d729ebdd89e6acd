import { HistoryAction, ModelStage, TransitionEvaluation } from '@llmops/contract';
import { HistoryEntry, ModelVersion, NewHistoryEntry, RegisteredModel, Tag } from '../domain/registry.model';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { HistoryEntity, ModelVersionEntity, RegisteredModelEntity } from './registry.entities';

export function toRegisteredModel(
  row: RegisteredModelEntity,
  tags: Tag[],
  aliases: Array<{ alias: string; version: number }>,
): RegisteredModel {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    userId: row.userId,
    createdAt: Number(row.creationTimestamp),
    updatedAt: Number(row.lastUpdatedTimestamp),
    tags,
    aliases,
  };
}

export function toModelVersion(row: ModelVersionEntity, name: string, tags: Tag[], aliases: string[]): ModelVersion {
  return {
    modelId: row.modelId,
    name,
    version: row.version,
    createdAt: Number(row.creationTimestamp),
    updatedAt: Number(row.lastUpdatedTimestamp),
    userId: row.userId,
    stage: row.currentStage as ModelStage,
    description: row.description,
    source: row.source,
    runId: row.runId,
    storageLocation: row.storageLocation,
    loggedModelId: row.loggedModelId ?? null,
    tags,
    aliases,
  };
}

export function toModelVersionEntity(v: Omit<ModelVersion, 'aliases' | 'tags' | 'name'>): ModelVersionEntity {
  return Object.assign(new ModelVersionEntity(), {
    modelId: v.modelId,
    version: v.version,
    creationTimestamp: String(v.createdAt),
    lastUpdatedTimestamp: String(v.updatedAt),
    userId: v.userId,
    currentStage: v.stage,
    description: v.description,
    source: v.source,
    runId: v.runId,
    storageLocation: v.storageLocation,
    loggedModelId: v.loggedModelId,
    status: 'READY',
  });
}

export function toHistoryEntry(row: HistoryEntity): HistoryEntry {
  return {
    id: String(row.id),
    modelId: row.modelId,
    name: row.modelName,
    version: row.version,
    action: row.action as HistoryAction,
    fromStage: row.fromStage as ModelStage | null,
    toStage: row.toStage as ModelStage | null,
    alias: row.alias,
    previousVersion: row.previousVersion,
    userId: row.userId,
    at: Number(row.timestamp),
    reason: row.reason,
    evaluationRunId: row.evaluationRunId,
    evaluation: row.evaluation as TransitionEvaluation | null,
    override: row.override,
  };
}

export function toHistoryEntity(
  modelId: string,
  name: string,
  e: NewHistoryEntry,
): QueryDeepPartialEntity<HistoryEntity> {
  return {
    modelId,
    modelName: name,
    version: e.version,
    action: e.action,
    fromStage: e.fromStage,
    toStage: e.toStage,
    alias: e.alias,
    previousVersion: e.previousVersion,
    userId: e.userId,
    timestamp: String(e.at),
    reason: e.reason,
    evaluationRunId: e.evaluationRunId,
    evaluation: e.evaluation as QueryDeepPartialEntity<HistoryEntity>['evaluation'],
    override: e.override,
  };
}
