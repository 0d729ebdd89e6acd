import { DatasetFormat } from '@llmops/contract';
import { DataSource } from 'typeorm';
import { DatasetRecord, DatasetRepository } from '../domain/dataset-record';
import { DatasetEntity } from './dataset.entity';

function toRecord(e: DatasetEntity): DatasetRecord {
  return {
    name: e.name,
    format: e.format as DatasetFormat,
    sizeBytes: Number(e.sizeBytes),
    sha256: e.sha256,
    rows: e.rowCount,
    columns: e.columns,
    createdBy: e.createdBy,
    createdAt: new Date(Number(e.createdAt)),
  };
}

function toEntity(r: DatasetRecord): DatasetEntity {
  return Object.assign(new DatasetEntity(), {
    name: r.name,
    format: r.format,
    sizeBytes: String(r.sizeBytes),
    sha256: r.sha256,
    rowCount: r.rows,
    columns: r.columns,
    createdBy: r.createdBy,
    createdAt: String(r.createdAt.getTime()),
  });
}

export class TypeOrmDatasetRepository extends DatasetRepository {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async get(name: string): Promise<DatasetRecord | null> {
    const entity = await this.dataSource.getRepository(DatasetEntity).findOneBy({ name });
    return entity ? toRecord(entity) : null;
  }

  async claim(record: DatasetRecord): Promise<boolean> {
    const e = toEntity(record);
    // The primary key decides between two uploads racing for one name: one row comes back.
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO batch_datasets (name, format, size_bytes, sha256, row_count, columns, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (name) DO NOTHING RETURNING name`,
      [e.name, e.format, e.sizeBytes, e.sha256, e.rowCount, JSON.stringify(e.columns), e.createdBy, e.createdAt],
    );
    return rows.length === 1;
  }

  async delete(name: string): Promise<void> {
    await this.dataSource.getRepository(DatasetEntity).delete({ name });
  }

  async list(filter: { prefix?: string; limit: number; names?: string[] }): Promise<DatasetRecord[]> {
    if (filter.names?.length === 0) return [];
    const query = this.dataSource.getRepository(DatasetEntity).createQueryBuilder('d');
    if (filter.prefix) query.andWhere('left(d.name, :n) = :prefix', { n: filter.prefix.length, prefix: filter.prefix });
    if (filter.names) query.andWhere('d.name IN (:...names)', { names: filter.names });
    const entities = await query.orderBy('d.name', 'ASC').take(filter.limit).getMany();
    return entities.map(toRecord);
  }
}
