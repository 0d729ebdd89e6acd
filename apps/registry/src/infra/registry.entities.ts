import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

// Persistence shapes only; bigint columns arrive as strings from pg and PGlite alike.

@Entity({ name: 'registry_registered_models' })
export class RegisteredModelEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text', unique: true })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text', name: 'user_id' })
  userId!: string;

  @Column({ type: 'bigint', name: 'creation_timestamp' })
  creationTimestamp!: string;

  @Column({ type: 'bigint', name: 'last_updated_timestamp' })
  lastUpdatedTimestamp!: string;

  @Column({ type: 'integer', name: 'last_version' })
  lastVersion!: number;
}

@Entity({ name: 'registry_registered_model_tags' })
export class RegisteredModelTagEntity {
  @PrimaryColumn({ type: 'uuid', name: 'model_id' })
  modelId!: string;

  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  value!: string;
}

@Entity({ name: 'registry_model_versions' })
export class ModelVersionEntity {
  @PrimaryColumn({ type: 'uuid', name: 'model_id' })
  modelId!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'bigint', name: 'creation_timestamp' })
  creationTimestamp!: string;

  @Column({ type: 'bigint', name: 'last_updated_timestamp' })
  lastUpdatedTimestamp!: string;

  @Column({ type: 'text', name: 'user_id' })
  userId!: string;

  @Column({ type: 'text', name: 'current_stage' })
  currentStage!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text' })
  source!: string;

  @Column({ type: 'text', name: 'run_id' })
  runId!: string;

  @Column({ type: 'text', name: 'storage_location' })
  storageLocation!: string;

  @Column({ type: 'text', name: 'logged_model_id', nullable: true })
  loggedModelId!: string | null;

  @Column({ type: 'text' })
  status!: string;
}

@Entity({ name: 'registry_model_version_tags' })
export class ModelVersionTagEntity {
  @PrimaryColumn({ type: 'uuid', name: 'model_id' })
  modelId!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  value!: string;
}

@Entity({ name: 'registry_model_aliases' })
export class ModelAliasEntity {
  @PrimaryColumn({ type: 'uuid', name: 'model_id' })
  modelId!: string;

  @PrimaryColumn({ type: 'text' })
  alias!: string;

  @Column({ type: 'integer' })
  version!: number;
}

@Entity({ name: 'registry_history' })
export class HistoryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid', name: 'model_id' })
  modelId!: string;

  @Column({ type: 'text', name: 'model_name' })
  modelName!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text', name: 'from_stage', nullable: true })
  fromStage!: string | null;

  @Column({ type: 'text', name: 'to_stage', nullable: true })
  toStage!: string | null;

  @Column({ type: 'text', nullable: true })
  alias!: string | null;

  @Column({ type: 'integer', name: 'previous_version', nullable: true })
  previousVersion!: number | null;

  @Column({ type: 'text', name: 'user_id' })
  userId!: string;

  @Column({ type: 'bigint' })
  timestamp!: string;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'text', name: 'evaluation_run_id', nullable: true })
  evaluationRunId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  evaluation!: Record<string, unknown> | null;

  @Column({ type: 'boolean' })
  override!: boolean;
}

@Entity({ name: 'registry_gate_policies' })
export class GatePolicyEntity {
  @PrimaryColumn({ type: 'uuid', name: 'model_id' })
  modelId!: string;

  @Column({ type: 'jsonb' })
  policy!: Record<string, unknown>;

  @Column({ type: 'text', name: 'user_id' })
  userId!: string;

  @Column({ type: 'bigint', name: 'updated_at' })
  updatedAt!: string;
}

@Entity({ name: 'registry_evaluations' })
export class EvaluationRecordEntity {
  @PrimaryColumn({ type: 'text', name: 'run_id' })
  runId!: string;

  @Column({ type: 'uuid', name: 'model_id' })
  modelId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text', name: 'dataset_digest' })
  datasetDigest!: string;

  @Column({ type: 'jsonb' })
  metrics!: Record<string, number | null>;

  @Column({ type: 'text', name: 'user_id' })
  userId!: string;

  @Column({ type: 'bigint', name: 'recorded_at' })
  recordedAt!: string;
}

export const REGISTRY_ENTITIES = [
  RegisteredModelEntity,
  RegisteredModelTagEntity,
  ModelVersionEntity,
  ModelVersionTagEntity,
  ModelAliasEntity,
  HistoryEntity,
  GatePolicyEntity,
  EvaluationRecordEntity,
];
