import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import {
  CreateDatasetRequest,
  BatchDatasetView,
  InvalidParameterError,
  ResourceAlreadyExistsError,
} from '@llmops/contract';
import { DataLocations } from '@llmops/data-locations';
import { formatOf } from '@llmops/pipeline';
import { BatchAccess, BatchCaller } from '../../access/batch-access';
import { DatasetInspector } from '../dataset-inspector';
import { toDatasetView } from '../dataset.view';
import { DatasetRecord, DatasetRepository } from '../domain/dataset-record';

/**
 * Publishes an upload the gateway staged: its content is checked against its format (a whole
 * parse, nothing echoed), recorded under its canonical name (the primary key picks one of two
 * racing uploads), the uploader gets MANAGE, and the file is linked into place without ever
 * replacing one. The same bytes uploaded again under the name by someone who may read it are a
 * no-op; anything else under a taken name is RESOURCE_ALREADY_EXISTS. The staged file is always removed.
 */
@Injectable()
export class CreateDatasetHandler {
  private readonly logger = new Logger('CreateDataset');

  constructor(
    private readonly locations: DataLocations,
    private readonly inspector: DatasetInspector,
    private readonly records: DatasetRepository,
    private readonly access: BatchAccess,
  ) {}

  async execute(
    request: CreateDatasetRequest,
    caller?: BatchCaller,
  ): Promise<{ dataset: BatchDatasetView; created: boolean }> {
    const staged = join(await this.locations.stagingDirectory(), `${request.upload}.part`);
    try {
      const name = this.locations.nameOf('dataset', request.name);
      const format = request.format ?? formatOf(name);
      if (!format) {
        throw new InvalidParameterError(
          `cannot tell the format of ${name}: name it .jsonl, .csv or .parquet, or send its content type`,
        );
      }
      const content = await this.inspector.inspectStaged(staged, name, format);
      if (content.rowCount === 0) throw new InvalidParameterError(`dataset ${name} has no rows`);
      const existing = await this.records.get(name);
      if (existing) return await this.again(existing, content.sha256, caller);
      const record: DatasetRecord = {
        name,
        format,
        sizeBytes: content.sizeBytes,
        sha256: content.sha256,
        rows: content.rowCount,
        columns: content.columns,
        createdBy: caller?.user ?? null,
        createdAt: new Date(),
      };
      if (!(await this.records.claim(record))) {
        const winner = await this.records.get(name);
        if (winner) return await this.again(winner, content.sha256, caller);
        throw new ResourceAlreadyExistsError(`Dataset ${name} already exists`);
      }
      try {
        // A name used before starts clean: grants on an earlier dataset of this name do not carry over.
        await this.access.revokeAll('dataset', name);
        await this.access.grantCreator(caller, 'dataset', name);
        const { published } = await this.locations.publishStaged(staged, name);
        if (!published) throw new ResourceAlreadyExistsError(`Dataset ${name} already exists`);
      } catch (error) {
        await this.release(name);
        throw error;
      }
      this.logger.log(`dataset ${name} uploaded by ${record.createdBy ?? 'a service'}: ${content.sizeBytes} bytes`);
      return { dataset: toDatasetView(record), created: true };
    } finally {
      await rm(staged, { force: true });
    }
  }

  /** The name is taken: the same bytes for a caller who may read them change nothing; else a conflict. */
  private async again(existing: DatasetRecord, sha256: string, caller: BatchCaller) {
    if (existing.sha256 === sha256 && (await this.access.may(caller, 'dataset', existing.name, 'READ'))) {
      return { dataset: toDatasetView(existing), created: false };
    }
    throw new ResourceAlreadyExistsError(`Dataset ${existing.name} already exists`);
  }

  private async release(name: string): Promise<void> {
    await this.records.delete(name).catch((e: Error) => this.logger.warn(`releasing dataset ${name}: ${e.message}`));
    await this.access
      .revokeAll('dataset', name)
      .catch((e: Error) => this.logger.warn(`revoking grants on dataset ${name}: ${e.message}`));
  }
}
