import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'tracking_logged_models' })
export class LoggedModelEntity {
  @PrimaryColumn({ name: 'model_id', type: 'varchar', length: 34 })
  modelId!: string;

  @Column({ name: 'experiment_id', type: 'bigint' })
  experimentId!: string;

  @Column({ type: 'varchar', length: 500 })
  name!: string;

  @Column({ name: 'artifact_location', type: 'text' })
  artifactLocation!: string;

  @Column({ name: 'creation_timestamp_ms', type: 'bigint' })
  creationTimestampMs!: string;

  @Column({ name: 'last_updated_timestamp_ms', type: 'bigint' })
  lastUpdatedTimestampMs!: string;

  @Column({ type: 'varchar', length: 20 })
  status!: string;

  @Column({ name: 'status_message', type: 'text', nullable: true })
  statusMessage!: string | null;

  @Column({ name: 'model_type', type: 'varchar', length: 500, nullable: true })
  modelType!: string | null;

  @Column({ name: 'source_run_id', type: 'varchar', length: 32, nullable: true })
  sourceRunId!: string | null;

  @Column({ name: 'lifecycle_stage', type: 'varchar', length: 20 })
  lifecycleStage!: string;
}

@Entity({ name: 'tracking_logged_model_params' })
export class LoggedModelParamEntity {
  @PrimaryColumn({ name: 'model_id', type: 'varchar', length: 34 })
  modelId!: string;

  @PrimaryColumn({ type: 'varchar', length: 250 })
  key!: string;

  @Column({ type: 'varchar', length: 6000 })
  value!: string;
}

@Entity({ name: 'tracking_logged_model_tags' })
export class LoggedModelTagEntity {
  @PrimaryColumn({ name: 'model_id', type: 'varchar', length: 34 })
  modelId!: string;

  @PrimaryColumn({ type: 'varchar', length: 250 })
  key!: string;

  @Column({ type: 'varchar', length: 8000 })
  value!: string;
}

@Entity({ name: 'tracking_run_model_outputs' })
export class RunModelOutputEntity {
  @PrimaryColumn({ name: 'run_uuid', type: 'varchar', length: 32 })
  runUuid!: string;

  @PrimaryColumn({ name: 'model_id', type: 'varchar', length: 34 })
  modelId!: string;

  @PrimaryColumn({ type: 'bigint' })
  step!: string;
}

export const LOGGED_MODEL_ENTITIES = [
  LoggedModelEntity,
  LoggedModelParamEntity,
  LoggedModelTagEntity,
  RunModelOutputEntity,
];
