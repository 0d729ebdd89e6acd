import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'tracking_predictions' })
export class PredictionEntity {
  @PrimaryColumn({ name: 'run_uuid', type: 'varchar', length: 32 })
  runUuid!: string;

  @PrimaryColumn({ name: 'row_index', type: 'integer' })
  rowIndex!: number;

  @Column({ type: 'jsonb' })
  inputs!: unknown;

  @Column({ type: 'jsonb' })
  outputs!: unknown;

  @Column({ name: 'latency_ms', type: 'double precision', nullable: true })
  latencyMs!: number | null;

  @Column({ type: 'jsonb', nullable: true })
  extra!: Record<string, unknown> | null;

  @Column({ type: 'bigint' })
  timestamp!: string;
}
