import { ConfigurationError, loadConfig } from '@llmops/config';
import { InferenceConfig } from './inference.config';
import { inferenceOptionsFrom, inferenceServiceTransport } from './inference.bootstrap';

describe('InferenceConfig', () => {
  it('reads numbers from the environment and defaults the rest', () => {
    const config = loadConfig(InferenceConfig, {
      NATS_URL: 'nats://nats:4222',
      INFERENCE_THREADS: '2',
      INFERENCE_MAX_BATCH: '8',
      INFERENCE_PRELOAD_MODEL_URI: 'models:/news/Production',
    });
    expect(config).toMatchObject({ INFERENCE_THREADS: 2, INFERENCE_MAX_BATCH: 8, INFERENCE_MAX_MODELS: 4 });
    expect(inferenceOptionsFrom(config)).toMatchObject({
      transport: { kind: 'nats', url: 'nats://nats:4222' },
      threads: 2,
      maxBatchArticles: 8,
      batchWaitMs: 5,
      preloadModelUri: 'models:/news/Production',
    });
  });

  it('defaults to one thread, no batching and no preload', () => {
    const options = inferenceOptionsFrom(loadConfig(InferenceConfig, {}));
    expect(options).toMatchObject({ threads: 1, maxBatchArticles: 1 });
    expect(options.preloadModelUri).toBeUndefined();
  });

  it('asks for NATS credentials only for its own services-mode transport (embedded mode passes its own)', () => {
    const saved = process.env.LLMOPS_AUTH;
    process.env.LLMOPS_AUTH = 'on';
    try {
      const config = loadConfig(InferenceConfig, {});
      expect(() => inferenceOptionsFrom(config)).not.toThrow();
      expect(() => inferenceServiceTransport(config)).toThrow(/inference: no NATS credentials/);
    } finally {
      if (saved === undefined) delete process.env.LLMOPS_AUTH;
      else process.env.LLMOPS_AUTH = saved;
    }
  });

  it('fails fast on a bad value', () => {
    expect(() => loadConfig(InferenceConfig, { INFERENCE_THREADS: '0' })).toThrow(ConfigurationError);
  });
});
