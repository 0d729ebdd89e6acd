import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'tracking_runs' })
export class RunEntity {
  @PrimaryColumn({ name: 'run_uuid', type: 'varchar', length: 32 })
  runUuid!: string;

  @Column({ name: 'experiment_id', type: 'bigint' })
  experimentId!: string;

  @Column({ type: 'varchar', length: 250 })
  name!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 256 })
  userId!: string;

  @Column({ type: 'varchar', length: 20 })
  status!: string;

  @Column({ name: 'start_time', type: 'bigint' })
  startTime!: string;

  @Column({ name: 'end_time', type: 'bigint', nullable: true })
  endTime!: string | null;

  @Column({ name: 'artifact_uri', type: 'text' })
  artifactUri!: string;

  @Column({ name: 'lifecycle_stage', type: 'varchar', length: 20 })
  lifecycleStage!: string;

  @Column({ name: 'deleted_time', type: 'bigint', nullable: true })
  deletedTime!: string | null;
}

@Entity({ name: 'tracking_params' })
export class ParamEntity {
  @PrimaryColumn({ name: 'run_uuid', type: 'varchar', length: 32 })
  runUuid!: string;

  @PrimaryColumn({ type: 'varchar', length: 250 })
  key!: string;

  @Column({ type: 'varchar', length: 6000 })
  value!: string;
}

@Entity({ name: 'tracking_tags' })
export class RunTagEntity {
  @PrimaryColumn({ name: 'run_uuid', type: 'varchar', length: 32 })
  runUuid!: string;

  @PrimaryColumn({ type: 'varchar', length: 250 })
  key!: string;

  @Column({ type: 'varchar', length: 8000 })
  value!: string;
}

/** One history entry, identified by all of it (an exact repeat is not stored twice, as MLflow). */
@Entity({ name: 'tracking_metrics' })
export class MetricEntity {
  @PrimaryColumn({ name: 'run_uuid', type: 'varchar', length: 32 })
  runUuid!: string;

  @PrimaryColumn({ type: 'varchar', length: 250 })
  key!: string;

  @PrimaryColumn({ type: 'double precision' })
  value!: number;

  @PrimaryColumn({ type: 'bigint' })
  timestamp!: string;

  @PrimaryColumn({ type: 'bigint' })
  step!: string;
}

@Entity({ name: 'tracking_latest_metrics' })
export class LatestMetricEntity {
  @PrimaryColumn({ name: 'run_uuid', type: 'varchar', length: 32 })
  runUuid!: string;

  @PrimaryColumn({ type: 'varchar', length: 250 })
  key!: string;

  @Column({ type: 'double precision' })
  value!: number;

  @Column({ type: 'bigint' })
  timestamp!: string;

  @Column({ type: 'bigint' })
  step!: string;
}

@Entity({ name: 'tracking_datasets' })
export class DatasetEntity {
  @PrimaryColumn({ name: 'dataset_uuid', type: 'varchar', length: 32 })
  datasetUuid!: string;

  @Column({ name: 'experiment_id', type: 'bigint' })
  experimentId!: string;

  @Column({ type: 'varchar', length: 500 })
  name!: string;

  @Column({ type: 'varchar', length: 36 })
  digest!: string;

  @Column({ name: 'source_type', type: 'varchar', length: 36 })
  sourceType!: string;

  @Column({ type: 'text' })
  source!: string;

  @Column({ type: 'text', nullable: true })
  schema!: string | null;

  @Column({ type: 'text', nullable: true })
  profile!: string | null;
}

@Entity({ name: 'tracking_run_inputs' })
export class RunInputEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'run_uuid', type: 'varchar', length: 32 })
  runUuid!: string;

  @Column({ name: 'dataset_uuid', type: 'varchar', length: 32 })
  datasetUuid!: string;
}

@Entity({ name: 'tracking_run_input_tags' })
export class RunInputTagEntity {
  @PrimaryColumn({ name: 'input_id', type: 'bigint' })
  inputId!: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  key!: string;

  @Column({ type: 'varchar', length: 500 })
  value!: string;
}

export const RUN_ENTITIES = [
  RunEntity,
  ParamEntity,
  RunTagEntity,
  MetricEntity,
  LatestMetricEntity,
  DatasetEntity,
  RunInputEntity,
  RunInputTagEntity,
];
