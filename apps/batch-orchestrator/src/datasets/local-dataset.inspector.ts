import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { Injectable } from '@nestjs/common';
import { DatasetFormat, InvalidParameterError } from '@llmops/contract';
import { DataLocations } from '@llmops/data-locations';
import { fileHandleSource, planSplits, tabularShape } from '@llmops/pipeline';
import { DatasetInspector, DatasetPlan, Partitioning, StagedDataset } from './dataset-inspector';

@Injectable()
export class LocalDatasetInspector extends DatasetInspector {
  constructor(private readonly locations: DataLocations) {
    super();
  }

  async inspect(name: string, format: DatasetFormat, partitioning: Partitioning): Promise<DatasetPlan> {
    const opened = await this.locations.openDataset(name);
    try {
      const key = `${opened.location.path}:${opened.size}:${opened.mtimeMs}`;
      const { shape, splits, rowsPerSplit } = await planSplits(
        fileHandleSource(opened.handle, { label: name, size: opened.size, key }),
        format,
        {
          rowsPerSplit: partitioning.rowsPerPartition,
          maxSplitBytes: partitioning.maxPartitionBytes,
          maxSplits: partitioning.maxPartitions,
          // Every record is parsed at submit, as before splits: a bad dataset creates no job.
          validate: true,
          // The last partitions smaller, so the workers finish together (guided self-scheduling).
          taperTail: true,
        },
      );
      return { ...shape, splits, rowsPerPartition: rowsPerSplit, sizeBytes: opened.size };
    } finally {
      await opened.close();
    }
  }

  async inspectStaged(path: string, name: string, format: DatasetFormat): Promise<StagedDataset> {
    // The gateway created it with O_EXCL in the staging directory: never follow a link there.
    const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | (constants.O_NONBLOCK ?? 0)).catch(
      () => {
        throw new InvalidParameterError(`The upload of dataset ${name} is not there (expired or already used)`);
      },
    );
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw new InvalidParameterError(`The upload of dataset ${name} is not a file`);
      const hash = createHash('sha256');
      for await (const chunk of handle.createReadStream({ start: 0, autoClose: false })) hash.update(chunk as Buffer);
      const source = fileHandleSource(handle, { label: name, size: info.size, key: `${path}:${info.size}` });
      const shape = await tabularShape(source, format);
      return { ...shape, sizeBytes: info.size, sha256: hash.digest('hex') };
    } finally {
      await handle.close();
    }
  }
}
