import { BATCH_LIMITS } from '@llmops/contract';
import { SplitSizing } from '@llmops/pipeline';

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
 * A partition's bytes when a job gives no size. 16 MiB keeps a worker's memory near what the
 * 3 GB scale run measured with partitions of 1,000 rows of 3 KB (about 3 MiB).
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

/** The settings a job's default partition size comes from (the orchestrator's configuration). */
export interface PartitionSizingSettings {
  BATCH_DEFAULT_PARTITION_SIZE: number | 'auto';
  BATCH_TARGET_PARTITIONS: number;
  BATCH_MIN_PARTITION_BYTES: number;
  BATCH_MAX_PARTITION_BYTES: number;
}

/** Rows per partition for a job that gives none: fixed by configuration, or sized from the dataset. */
export function defaultPartitionSizing(settings: PartitionSizingSettings): SplitSizing {
  if (settings.BATCH_DEFAULT_PARTITION_SIZE !== 'auto') return settings.BATCH_DEFAULT_PARTITION_SIZE;
  const policy: PartitionSizingPolicy = {
    targetPartitions: settings.BATCH_TARGET_PARTITIONS,
    minPartitionBytes: settings.BATCH_MIN_PARTITION_BYTES,
    maxPartitionBytes: Math.min(AUTO_PARTITION_MAX_BYTES, settings.BATCH_MAX_PARTITION_BYTES),
  };
  return (sample) => autoPartitionSize(sample, policy);
}
