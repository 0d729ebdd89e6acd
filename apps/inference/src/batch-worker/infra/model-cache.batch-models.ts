import { ModelCache } from '../../model-cache/model-cache';
import { BatchModels, LeasedModel } from '../ports/batch-ports';

/** The replica's model cache: batch and online requests share the loaded models. */
export class ModelCacheBatchModels extends BatchModels {
  constructor(private readonly cache: ModelCache) {
    super();
  }

  async acquire(modelUri: string): Promise<LeasedModel> {
    const model = await this.cache.get(modelUri);
    return {
      async summarize(article: string) {
        const [result] = await model.summarizer.summarize([article]);
        return {
          summary: result.summary,
          latencyMs: result.latencyMs,
          tokensIn: result.tokensIn,
          tokensOut: result.tokensOut,
          truncated: result.truncated,
        };
      },
      release: () => model.release(),
    };
  }
}
