import { SUBJECTS, SummarizeRequest, SummarizeResponse } from '@llmops/contract';
import { RpcClient } from '@llmops/messaging';
import { ArticleSummary, EvaluationSummarizer } from '../ports/evaluation.ports';

/** The inference service over the bus (`inference.v1.summarize`, any replica). */
export class RpcInferenceSummarizer extends EvaluationSummarizer {
  constructor(
    private readonly rpc: RpcClient,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  async summarize(modelUri: string, articles: string[]): Promise<ArticleSummary[]> {
    const answer = await this.rpc.request<SummarizeResponse, SummarizeRequest>(
      SUBJECTS.inference.summarize,
      { model_uri: modelUri, articles },
      { timeoutMs: this.timeoutMs },
    );
    return answer.results.map((r) => ({ summary: r.summary, latencyMs: r.latency_ms }));
  }
}
