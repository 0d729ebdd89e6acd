import { ConfigurationError, loadConfig } from '@llmops/config';
import { BatchOrchestratorConfig } from './batch-orchestrator.config';

describe('BatchOrchestratorConfig', () => {
  it('sizes partitions from the dataset unless a number of rows is configured', () => {
    expect(loadConfig(BatchOrchestratorConfig, {}).BATCH_DEFAULT_PARTITION_SIZE).toBe('auto');
    expect(
      loadConfig(BatchOrchestratorConfig, { BATCH_DEFAULT_PARTITION_SIZE: 'auto' }).BATCH_DEFAULT_PARTITION_SIZE,
    ).toBe('auto');
    expect(
      loadConfig(BatchOrchestratorConfig, { BATCH_DEFAULT_PARTITION_SIZE: ' 500 ' }).BATCH_DEFAULT_PARTITION_SIZE,
    ).toBe(500);
  });

  it.each(['abc', '0', '1.5', '-3', '100001'])('refuses BATCH_DEFAULT_PARTITION_SIZE=%s at boot', (value) => {
    expect(() => loadConfig(BatchOrchestratorConfig, { BATCH_DEFAULT_PARTITION_SIZE: value })).toThrow(
      /BATCH_DEFAULT_PARTITION_SIZE/,
    );
    expect(() => loadConfig(BatchOrchestratorConfig, { BATCH_DEFAULT_PARTITION_SIZE: value })).toThrow(
      ConfigurationError,
    );
  });

  it('refuses a target of no partitions and a minimum under 1 KiB', () => {
    expect(() => loadConfig(BatchOrchestratorConfig, { BATCH_TARGET_PARTITIONS: '0' })).toThrow(
      /BATCH_TARGET_PARTITIONS/,
    );
    expect(() => loadConfig(BatchOrchestratorConfig, { BATCH_MIN_PARTITION_BYTES: '10' })).toThrow(
      /BATCH_MIN_PARTITION_BYTES/,
    );
  });
});
