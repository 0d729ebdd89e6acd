import { Injectable, Logger } from '@nestjs/common';
import { InvalidParameterError, PermissionDeniedError } from '@llmops/contract';
import { BatchAccess, BatchCaller } from '../access/batch-access';
import { OutputTables } from '../output-table/output-tables';
import { TableRepository } from './domain/table-record';

/**
 * Whether a caller may write a table, decided on its canonical name: a name nobody holds is claimed
 * (recorded, the caller gets MANAGE) and the table created; an existing one needs EDIT and the
 * job's schema. Two jobs racing for a new name: the database's primary key picks one creator.
 */
@Injectable()
export class TableClaims {
  private readonly logger = new Logger('TableClaims');

  constructor(
    private readonly tables: TableRepository,
    private readonly outputs: OutputTables,
    private readonly access: BatchAccess,
  ) {}

  async prepareForJob(
    caller: BatchCaller,
    name: string,
    keepColumns: readonly string[],
  ): Promise<{ created: boolean }> {
    let claimed = false;
    if (!(await this.tables.get(name))) {
      if ((await this.tables.nestedWith(name)).length > 0) {
        throw new InvalidParameterError(`table ${name} would be inside another table, or hold one: pick another name`);
      }
      const onDisk = await this.outputs.onDisk(name);
      if (onDisk === 'inside-a-table') {
        throw new InvalidParameterError(`table ${name} would be inside another table's folder: pick another name`);
      }
      if (onDisk === 'not-a-table') throw new InvalidParameterError(`${name} exists and is not a Delta table`);
      if (onDisk === 'delta' && !this.access.privileged(caller)) {
        throw new PermissionDeniedError(
          `Permission denied: table ${name} exists but belongs to nobody; an admin adopts it by writing to it first`,
        );
      }
      claimed = await this.tables.claim({ name, createdBy: caller?.user ?? null, createdAt: new Date() });
      if (claimed) {
        try {
          // A name used before starts clean: grants on an earlier table of this name do not carry over.
          await this.access.revokeAll('table', name);
          await this.access.grantCreator(caller, 'table', name);
        } catch (error) {
          await this.tables.delete(name);
          throw error;
        }
      }
    }
    if (!claimed) await this.access.require(caller, 'table', name, 'EDIT');
    try {
      await this.outputs.prepare(name, keepColumns);
    } catch (error) {
      if (claimed) await this.release(name);
      throw error;
    }
    return { created: claimed };
  }

  /** Undoes a claim whose table could not be made (nothing else refers to it yet). */
  private async release(name: string): Promise<void> {
    await this.tables.delete(name).catch((e: Error) => this.logger.warn(`releasing table ${name}: ${e.message}`));
    await this.access
      .revokeAll('table', name)
      .catch((e: Error) => this.logger.warn(`revoking grants on table ${name}: ${e.message}`));
  }
}
