import { DataSource } from 'typeorm';
import { TableRecord, TableRepository } from '../domain/table-record';
import { TableEntity } from './table.entity';

const toRecord = (e: TableEntity): TableRecord => ({
  name: e.name,
  createdBy: e.createdBy,
  createdAt: new Date(Number(e.createdAt)),
});

export class TypeOrmTableRepository extends TableRepository {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async get(name: string): Promise<TableRecord | null> {
    const entity = await this.dataSource.getRepository(TableEntity).findOneBy({ name });
    return entity ? toRecord(entity) : null;
  }

  async claim(record: TableRecord): Promise<boolean> {
    // The primary key decides between two jobs racing to create one table: one row comes back.
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO batch_tables (name, created_by, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO NOTHING RETURNING name`,
      [record.name, record.createdBy, String(record.createdAt.getTime())],
    );
    return rows.length === 1;
  }

  async delete(name: string): Promise<void> {
    await this.dataSource.getRepository(TableEntity).delete({ name });
  }

  async list(filter: { limit: number; names?: string[] }): Promise<TableRecord[]> {
    if (filter.names?.length === 0) return [];
    const query = this.dataSource.getRepository(TableEntity).createQueryBuilder('t');
    if (filter.names) query.andWhere('t.name IN (:...names)', { names: filter.names });
    const entities = await query.orderBy('t.name', 'ASC').take(filter.limit).getMany();
    return entities.map(toRecord);
  }

  async nestedWith(name: string): Promise<string[]> {
    const segments = name.split('/');
    const ancestors = segments.slice(0, -1).map((_, i) => segments.slice(0, i + 1).join('/'));
    const prefix = `${name}/`;
    const query = this.dataSource
      .getRepository(TableEntity)
      .createQueryBuilder('t')
      .where('left(t.name, :n) = :prefix', { n: prefix.length, prefix });
    if (ancestors.length > 0) query.orWhere('t.name IN (:...ancestors)', { ancestors });
    return (await query.take(10).getMany()).map((e) => e.name);
  }
}
