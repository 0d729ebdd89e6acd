import { Column, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryColumn } from 'typeorm';

@Entity({ name: 'tracking_experiments' })
export class ExperimentEntity {
  @PrimaryColumn({ name: 'experiment_id', type: 'bigint' })
  experimentId!: string;

  @Column({ type: 'varchar', length: 500 })
  name!: string;

  @Column({ name: 'artifact_location', type: 'text' })
  artifactLocation!: string;

  @Column({ name: 'lifecycle_stage', type: 'varchar', length: 20 })
  lifecycleStage!: string;

  @Column({ name: 'creation_time', type: 'bigint' })
  creationTime!: string;

  @Column({ name: 'last_update_time', type: 'bigint' })
  lastUpdateTime!: string;

  @OneToMany(() => ExperimentTagEntity, (tag) => tag.experiment)
  tags?: ExperimentTagEntity[];
}

@Entity({ name: 'tracking_experiment_tags' })
export class ExperimentTagEntity {
  @PrimaryColumn({ name: 'experiment_id', type: 'bigint' })
  experimentId!: string;

  @PrimaryColumn({ type: 'varchar', length: 250 })
  key!: string;

  @Column({ type: 'varchar', length: 8000 })
  value!: string;

  @ManyToOne(() => ExperimentEntity, (e) => e.tags, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'experiment_id' })
  experiment?: ExperimentEntity;
}
