import { Inject, Injectable } from '@nestjs/common';
import {
  INFERENCE_LIMITS,
  InvalidParameterError,
  ResolvedModelView,
  SummarizeRequest,
  SummarizeResponse,
} from '@llmops/contract';
import { resolveSettings, SettingValue } from '@llmops/pipeline';
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
    return this.lifecycle.track(async () => {
      const articles = checkArticles(request.articles);
      const settings = checkSettings(request.settings);
      const model = await this.cache.get(request.model_uri);
      try {
        if (settings) resolveSettings(model.summarizer.paramSchema(), {}, settings, true);
        const cut = articles.map((a) => a.length > INFERENCE_LIMITS.maxArticleChars);
        const inputs = articles.map((a, i) => (cut[i] ? a.slice(0, INFERENCE_LIMITS.maxArticleChars) : a));
        const results = await this.batcher.summarize(model.summarizer, inputs, settings);
        return {
          model: toResolvedView(model.resolved),
          replica: this.options.replicaName ?? replicaName(),
          results: results.map((r, i) => ({
            summary: r.summary,
            truncated: r.truncated || cut[i],
            tokens_in: r.tokensIn,
            tokens_out: r.tokensOut,
            latency_ms: r.latencyMs,
          })),
        };
      } finally {
        model.release();
      }
    });
  }
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
