import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'batch_datasets' })
export class DatasetEntity {
  @PrimaryColumn({ type: 'varchar', length: 512 })
  name!: string;

  @Column({ type: 'text' })
  format!: string;

  @Column({ type: 'bigint', name: 'size_bytes' })
  sizeBytes!: string;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ type: 'integer', name: 'row_count' })
  rowCount!: number;

  @Column({ type: 'jsonb' })
  columns!: string[];

  @Column({ type: 'text', name: 'created_by', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'bigint', name: 'created_at' })
  createdAt!: string;
}
