import { Injectable } from '@nestjs/common';
import { ListTablesRequest, TableEntryView } from '@llmops/contract';
import { BatchAccess, BatchCaller } from '../../access/batch-access';
import { TableRepository } from '../domain/table-record';

@Injectable()
export class ListTablesHandler {
  constructor(
    private readonly tables: TableRepository,
    private readonly access: BatchAccess,
  ) {}

  /** Tables the caller may read, by name (filtered in the query, before the limit). */
  async execute(request: ListTablesRequest, caller?: BatchCaller): Promise<{ tables: TableEntryView[] }> {
    const names = await this.access.readable(caller, 'table');
    const records = await this.tables.list({ limit: request.limit ?? 100, names });
    return {
      tables: records.map((r) => ({ name: r.name, createdBy: r.createdBy, createdAt: r.createdAt.getTime() })),
    };
  }
}
