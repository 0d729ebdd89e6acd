import { LoggedModelSpec, PredictionRecord, TrackingSink } from '@llmops/pipeline';
import { PlatformClient } from './platform-client';

/** The pipeline library's logging port, implemented over the gateway's REST API. */
export class HttpTrackingSink extends TrackingSink {
  constructor(private readonly platform: PlatformClient) {
    super();
  }

  async uploadArtifacts(runId: string, localDir: string, artifactPath: string): Promise<void> {
    await this.platform.uploadDirectory(runId, localDir, artifactPath);
  }

  async getTag(runId: string, key: string): Promise<string | undefined> {
    const run = await this.platform.getRun(runId);
    return run.data.tags.find((t) => t.key === key)?.value;
  }

  async setTag(runId: string, key: string, value: string): Promise<void> {
    await this.platform.setTag(runId, key, value);
  }

  async logParams(runId: string, params: Record<string, string>): Promise<void> {
    // MLflow's log-batch takes at most 100 params a call.
    const entries = Object.entries(params);
    for (let i = 0; i < entries.length; i += 100) {
      await this.platform.logBatch(runId, { params: Object.fromEntries(entries.slice(i, i + 100)) });
    }
  }

  async logMetrics(runId: string, metrics: Record<string, number>, step?: number): Promise<void> {
    await this.platform.logBatch(runId, { metrics, step });
  }

  async createLoggedModel(runId: string, model: LoggedModelSpec): Promise<string> {
    return this.platform.createLoggedModel(runId, model);
  }

  async finalizeLoggedModel(modelId: string, status: 'READY' | 'FAILED'): Promise<void> {
    await this.platform.finalizeLoggedModel(modelId, status);
  }

  async logPredictions(runId: string, rows: PredictionRecord[]): Promise<void> {
    await this.platform.logPredictions(
      runId,
      rows.map((row) => ({
        inputs: { article_id: row.articleId, article: row.article },
        outputs: { summary: row.summary },
        latency_ms: row.latencyMs,
        extra: {
          reference: row.reference ?? null,
          tokens_in: row.tokensIn,
          tokens_out: row.tokensOut,
          truncated: row.truncated,
          ...(row.error ? { error: row.error } : {}),
        },
      })),
    );
  }
}
