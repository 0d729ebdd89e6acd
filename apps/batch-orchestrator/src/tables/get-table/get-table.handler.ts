import { Injectable } from '@nestjs/common';
import { ResourceNotFoundError, TableView } from '@llmops/contract';
import { DataLocations } from '@llmops/data-locations';
import { BatchAccess, BatchCaller } from '../../access/batch-access';
import { OutputTables } from '../../output-table/output-tables';
import { TableRepository } from '../domain/table-record';

@Injectable()
export class GetTableHandler {
  constructor(
    private readonly locations: DataLocations,
    private readonly tables: TableRepository,
    private readonly outputs: OutputTables,
    private readonly access: BatchAccess,
  ) {}

  /** Needs READ; what the table's Delta log says (version, schema, files, row count), never its rows. */
  async execute(value: string, caller?: BatchCaller): Promise<TableView> {
    const name = this.locations.nameOf('table', value);
    await this.access.require(caller, 'table', name, 'READ');
    const record = await this.tables.get(name);
    // A table on disk that no job created is an operator's: admins see it.
    if (!record && !(this.access.privileged(caller) && (await this.outputs.onDisk(name)) === 'delta')) {
      throw new ResourceNotFoundError(`Table ${name} does not exist`);
    }
    const summary = await this.outputs.summary(name);
    return {
      name,
      createdBy: record?.createdBy ?? null,
      createdAt: record?.createdAt.getTime() ?? null,
      ...summary,
    };
  }
}
