import { BATCH_LIMITS } from '@llmops/contract';

/**
 * How a job that names no partition size gets one: from the dataset's bytes, as Spark sizes file
 * splits (`maxSplitBytes = min(maxPartitionBytes, max(openCostInBytes, totalBytes / parallelism))`).
 * Partitions of a fixed row count either cost a commit per few rows on a large dataset (about 50 ms
 * of CPU per partition between worker and orchestrator, measured in docs/batch.md) or leave the
 * workers too few partitions to share on a small one.
 */
export interface PartitionSizingPolicy {
  /** Aim for this many partitions (before the tapered tail), as long as the byte bounds allow. */
  targetPartitions: number;
  /** No smaller than this many bytes: below it the per-partition commit stops paying for itself. */
  minPartitionBytes: number;
  /** No larger than this many bytes: a worker holds one partition's bytes and rows at a time. */
  maxPartitionBytes: number;
}

/**
 * The most bytes of a partition whose size was chosen from its dataset: it bounds a worker's memory
 * (on the 3 GB scale run, 16 MiB partitions peaked at 289 MB a worker, against 224 MB with
 * partitions of 1,000 rows of 3 KB; docs/batch.md).
 */
export const AUTO_PARTITION_MAX_BYTES = 16 * 1024 * 1024;

/** Rows per partition for a dataset of `sizeBytes` whose rows average `bytesPerRow`. */
export function autoPartitionSize(
  sample: { sizeBytes: number; bytesPerRow: number },
  policy: PartitionSizingPolicy,
): number {
  const targetBytes = Math.max(
    policy.minPartitionBytes,
    Math.min(policy.maxPartitionBytes, sample.sizeBytes / policy.targetPartitions),
  );
  const rows = Math.floor(targetBytes / Math.max(1, sample.bytesPerRow));
  return Math.min(BATCH_LIMITS.maxPartitionSize, Math.max(1, rows));
}
