import { BatchPartitionTask } from '@llmops/contract';
import { DataLocations } from '@llmops/data-locations';
import { fileHandleSource, readSplit, TabularRow } from '@llmops/pipeline';
import { DatasetRows } from '../ports/batch-ports';

/**
 * Rows of a partition, from the dataset the task names, resolved under this worker's own dataset
 * roots and opened race-safe: a task (from the queue, so from anyone who may publish there) can
 * name nothing outside the roots.
 */
export class LocalDatasetRows extends DatasetRows {
  constructor(private readonly locations: DataLocations) {
    super();
  }

  async read(task: BatchPartitionTask): Promise<TabularRow[]> {
    // Tasks of jobs recorded before datasets had names hold an absolute path: still only one under a root.
    const name = this.locations.nameOf('dataset', task.datasetUri);
    const opened = await this.locations.openDataset(name);
    try {
      const key = `${opened.location.path}:${opened.size}:${opened.mtimeMs}`;
      const source = fileHandleSource(opened.handle, { label: name, size: opened.size, key });
      // Only the partition's bytes (JSONL/CSV) or row groups (Parquet): memory follows the partition.
      return await readSplit(source, task.datasetFormat, {
        startRow: task.startRow,
        endRow: task.endRow,
        startByte: task.startByte ?? null,
        endByte: task.endByte ?? null,
      });
    } finally {
      await opened.close();
    }
  }
}
