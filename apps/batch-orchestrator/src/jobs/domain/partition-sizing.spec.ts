import { BATCH_LIMITS } from '@llmops/contract';
import { autoPartitionSize, PartitionSizingPolicy } from './partition-sizing';

const MiB = 1024 * 1024;
const policy: PartitionSizingPolicy = { targetPartitions: 16, minPartitionBytes: 3 * MiB, maxPartitionBytes: 16 * MiB };

describe('autoPartitionSize', () => {
  it('aims for the target number of partitions between the byte bounds', () => {
    // 160 MiB of 2 KiB rows: 16 partitions of 10 MiB.
    expect(autoPartitionSize({ sizeBytes: 160 * MiB, bytesPerRow: 2048 }, policy)).toBe(5120);
  });

  it('keeps small datasets in partitions of at least the minimum bytes (one partition when smaller)', () => {
    expect(autoPartitionSize({ sizeBytes: 10 * MiB, bytesPerRow: 2048 }, policy)).toBe(1536);
    // 144 rows, 300 KB: one partition holds them all.
    expect(autoPartitionSize({ sizeBytes: 300_000, bytesPerRow: 2083 }, policy)).toBeGreaterThanOrEqual(144);
  });

  it('caps the bytes of a partition on large datasets (a worker holds one at a time)', () => {
    const rows = autoPartitionSize({ sizeBytes: 3 * 1024 * MiB, bytesPerRow: 3200 }, policy);
    expect(rows * 3200).toBeLessThanOrEqual(16 * MiB);
    expect(rows).toBe(Math.floor((16 * MiB) / 3200));
  });

  it('stays within the contract limits for tiny and huge rows', () => {
    expect(autoPartitionSize({ sizeBytes: 10 * 1024 * MiB, bytesPerRow: 1 }, policy)).toBe(
      BATCH_LIMITS.maxPartitionSize,
    );
    expect(autoPartitionSize({ sizeBytes: 100 * MiB, bytesPerRow: 64 * MiB }, policy)).toBe(1);
    expect(autoPartitionSize({ sizeBytes: 0, bytesPerRow: 0 }, policy)).toBe(BATCH_LIMITS.maxPartitionSize);
  });
});
