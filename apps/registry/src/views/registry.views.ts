import { HistoryEntryView, ModelVersionView, RegisteredModelView } from '@llmops/contract';
import { HistoryEntry, ModelVersion, RegisteredModel } from '../domain/registry.model';

/** Domain objects to MLflow-shaped wire views. */
export function modelVersionView(v: ModelVersion): ModelVersionView {
  return {
    name: v.name,
    version: String(v.version),
    creation_timestamp: v.createdAt,
    last_updated_timestamp: v.updatedAt,
    user_id: v.userId,
    current_stage: v.stage,
    description: v.description,
    source: v.source,
    run_id: v.runId,
    storage_location: v.storageLocation,
    ...(v.loggedModelId ? { model_id: v.loggedModelId } : {}),
    status: 'READY',
    tags: v.tags.map((t) => ({ key: t.key, value: t.value })),
    aliases: [...v.aliases],
  };
}

export function registeredModelView(m: RegisteredModel, latest: ModelVersion[]): RegisteredModelView {
  return {
    name: m.name,
    creation_timestamp: m.createdAt,
    last_updated_timestamp: m.updatedAt,
    user_id: m.userId,
    description: m.description,
    latest_versions: latest.map(modelVersionView),
    tags: m.tags.map((t) => ({ key: t.key, value: t.value })),
    aliases: m.aliases.map((a) => ({ alias: a.alias, version: String(a.version) })),
  };
}

export function historyEntryView(e: HistoryEntry): HistoryEntryView {
  return {
    id: e.id,
    name: e.name,
    version: String(e.version),
    action: e.action,
    from_stage: e.fromStage,
    to_stage: e.toStage,
    alias: e.alias,
    previous_version: e.previousVersion === null ? null : String(e.previousVersion),
    user_id: e.userId,
    timestamp: e.at,
    reason: e.reason,
    evaluation_run_id: e.evaluationRunId,
    evaluation: e.evaluation,
    override: e.override,
  };
}
