import { Inject, Injectable } from '@nestjs/common';
import {
  INFERENCE_LIMITS,
  InvalidParameterError,
  ResolvedModelView,
  SummarizeRequest,
  SummarizeResponse,
} from '@llmops/contract';
import { resolveSettings, SettingValue, SummaryResult } from '@llmops/pipeline';
import { inSpan, LlmCall, llmSpanAttributes, platformMetrics, recordSpan, setLlmOutcome } from '@llmops/observability';
import { ModelCache } from '../model-cache/model-cache';
import { ResolvedModelLocation } from '../model-loading/resolved-model';
import { InferenceLifecycle } from '../lifecycle/inference-lifecycle';
import { MicroBatcher } from './micro-batcher';
import { INFERENCE_OPTIONS, InferenceModuleOptions } from '../inference.options';
import { replicaName } from '../health/replica-name';

/**
 * The summarize use case: check the articles and settings, get the model from the cache, run it
 * (through the micro-batcher), and say which model answered. Every failure is a named error; none
 * leaves state behind, so the replica keeps serving other requests.
 */
@Injectable()
export class SummarizeHandler {
  constructor(
    private readonly cache: ModelCache,
    private readonly batcher: MicroBatcher,
    private readonly lifecycle: InferenceLifecycle,
    @Inject(INFERENCE_OPTIONS) private readonly options: InferenceModuleOptions,
  ) {}

  execute(request: SummarizeRequest): Promise<SummarizeResponse> {
    const started = process.hrtime.bigint();
    // Labels until the model resolved: a bad URI still counts as a failure, by the URI asked for.
    let labels = { model: String(request.model_uri ?? ''), version: '' };
    return this.lifecycle
      .track(() =>
        inSpan('summarize', { 'llmops.model.uri': labels.model }, async (span) => {
          const articles = checkArticles(request.articles);
          const settings = checkSettings(request.settings);
          const model = await this.cache.get(request.model_uri);
          const view = toResolvedView(model.resolved);
          labels = { model: view.name ?? view.model_uri, version: view.version === null ? '' : String(view.version) };
          const replica = this.options.replicaName ?? replicaName();
          const call: LlmCall = {
            articles,
            modelUri: view.model_uri,
            modelName: view.name,
            modelVersion: view.version === null ? null : String(view.version),
            flavor: model.summarizer.flavor,
            replica,
            previewChars: this.options.llmTracePreviewChars ?? DEFAULT_PREVIEW_CHARS,
          };
          span.setAttributes(llmSpanAttributes(call));
          try {
            if (settings) resolveSettings(model.summarizer.paramSchema(), {}, settings, true);
            const cut = articles.map((a) => a.length > INFERENCE_LIMITS.maxArticleChars);
            const inputs = articles.map((a, i) => (cut[i] ? a.slice(0, INFERENCE_LIMITS.maxArticleChars) : a));
            const results = await inSpan(
              'model.summarize',
              {
                'llmops.model.uri': view.model_uri,
                'llmops.model.flavor': model.summarizer.flavor,
                'llmops.articles': articles.length,
              },
              async () => {
                const out = await this.batcher.summarize(model.summarizer, inputs, settings);
                out.forEach(recordModelSteps);
                return out;
              },
            );
            const response: SummarizeResponse = {
              model: view,
              replica,
              results: results.map((r, i) => ({
                summary: r.summary,
                truncated: r.truncated || cut[i],
                tokens_in: r.tokensIn,
                tokens_out: r.tokensOut,
                latency_ms: r.latencyMs,
              })),
            };
            const tokensIn = sum(response.results.map((r) => r.tokens_in));
            const tokensOut = sum(response.results.map((r) => r.tokens_out));
            const truncated = response.results.filter((r) => r.truncated).length;
            setLlmOutcome(span, {
              ...call,
              summaries: response.results.map((r) => r.summary),
              tokensIn,
              tokensOut,
              truncated: truncated > 0,
              latencyMs: Number(process.hrtime.bigint() - started) / 1e6,
            });
            platformMetrics.summaries().inc(labels, results.length);
            platformMetrics.tokensIn().inc(labels, tokensIn);
            platformMetrics.tokensOut().inc(labels, tokensOut);
            if (truncated > 0) platformMetrics.truncations().inc(labels, truncated);
            return response;
          } finally {
            model.release();
          }
        }),
      )
      .then(
        (response) => {
          platformMetrics.summarizeDuration().observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
          return response;
        },
        (error: unknown) => {
          const code = (error as { code?: unknown } | null)?.code;
          platformMetrics
            .summarizeFailures()
            .inc({ ...labels, error_code: typeof code === 'string' ? code : 'INTERNAL_ERROR' });
          throw error;
        },
      );
  }
}

/** Characters of an article an LLM trace keeps (the rest is cut to a preview). */
const DEFAULT_PREVIEW_CHARS = 2_000;

/** The model's own steps, as measured in its process: tokenization and generation spans. */
function recordModelSteps(result: SummaryResult): void {
  const t = result.timings;
  if (!t) return;
  recordSpan('model.tokenize', t.startedAt, t.tokenizedAt, {
    'gen_ai.usage.input_tokens': result.tokensIn,
    'llmops.truncated': result.truncated,
  });
  recordSpan('model.generate', t.generateStartedAt, t.generatedAt, { 'gen_ai.usage.output_tokens': result.tokensOut });
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function checkArticles(articles: unknown): string[] {
  if (!Array.isArray(articles) || articles.length === 0) {
    throw new InvalidParameterError('articles must be a non-empty array of strings');
  }
  if (articles.length > INFERENCE_LIMITS.maxArticlesPerRequest) {
    throw new InvalidParameterError(
      `articles must contain at most ${INFERENCE_LIMITS.maxArticlesPerRequest} elements (got ${articles.length})`,
    );
  }
  articles.forEach((article, i) => {
    if (typeof article !== 'string')
      throw new InvalidParameterError(`articles[${i}] must be a string (got ${typeOf(article)})`);
    if (article.trim() === '') throw new InvalidParameterError(`articles[${i}] is empty or only whitespace`);
  });
  return articles as string[];
}

function checkSettings(settings: unknown): Record<string, SettingValue> | undefined {
  if (settings === undefined || settings === null) return undefined;
  if (typeof settings !== 'object' || Array.isArray(settings))
    throw new InvalidParameterError('settings must be an object');
  for (const [name, value] of Object.entries(settings)) {
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      throw new InvalidParameterError(`settings.${name} must be a string, number or boolean (got ${typeOf(value)})`);
    }
  }
  return Object.keys(settings).length === 0 ? undefined : (settings as Record<string, SettingValue>);
}

function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

export function toResolvedView(resolved: ResolvedModelLocation): ResolvedModelView {
  return {
    model_uri: resolved.modelUri,
    name: resolved.name ?? null,
    version: resolved.version ?? null,
    run_id: resolved.runId === '' ? null : resolved.runId,
    storage_location: resolved.storageLocation,
  };
}
