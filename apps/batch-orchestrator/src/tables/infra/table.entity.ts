import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'batch_tables' })
export class TableEntity {
  @PrimaryColumn({ type: 'varchar', length: 512 })
  name!: string;

  @Column({ type: 'text', name: 'created_by', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'bigint', name: 'created_at' })
  createdAt!: string;
}
