import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Span, trace } from '@opentelemetry/api';
import { modelTraceMetadata, preview } from '@llmops/observability';
import { INFERENCE_LIMITS, SUBJECTS, SummarizeRequest, type SummarizeResponse } from '@llmops/contract';
import { schemaOf } from '../app/openapi-schema';
import { ServiceClient } from '../services/service-client';
import { payload } from '../tracking/request-payload';

/** A summary takes seconds of CPU per article on a t5-small-sized model: scale the wait with the work. */
const BASE_TIMEOUT_MS = 30_000;
const PER_ARTICLE_TIMEOUT_MS = 10_000;
const MAX_TIMEOUT_MS = 10 * 60_000;

export function summarizeTimeoutMs(body: unknown): number {
  const articles = (body as { articles?: unknown } | null)?.articles;
  const count = Array.isArray(articles) ? Math.min(articles.length, INFERENCE_LIMITS.maxArticlesPerRequest) : 1;
  return Math.min(MAX_TIMEOUT_MS, BASE_TIMEOUT_MS + count * PER_ARTICLE_TIMEOUT_MS);
}

@ApiTags('inference')
@Controller('api/v1/summarize')
export class SummarizeController {
  constructor(private readonly services: ServiceClient) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Summarize 1..N articles with a model by URI (runs:/, models:/ or the built-in "extractive")',
  })
  @ApiBody({
    schema: {
      ...schemaOf(SummarizeRequest),
      example: {
        model_uri: 'models:/news-summarizer/Production',
        articles: ['The article text...'],
        settings: { maxNewTokens: 60 },
      },
    },
  })
  async summarize(@Body() body: unknown) {
    const answer = await this.services.call<SummarizeResponse>(
      SUBJECTS.inference.summarize,
      payload(body),
      summarizeTimeoutMs(body),
    );
    describeOnRequestSpan(trace.getActiveSpan(), body, answer);
    return answer;
  }
}

/** Characters of each article and summary the request's span keeps. */
const PREVIEW_CHARS = 1_000;

/**
 * The request's span is the root of its trace (unless the caller sent a traceparent): MLflow takes
 * a trace's request and response previews from its root's inputs and outputs, so they are set here
 * too (cut to previews), with the model version that answered.
 */
function describeOnRequestSpan(span: Span | undefined, body: unknown, answer: SummarizeResponse): void {
  if (!span?.isRecording()) return;
  const articles = (body as { articles?: unknown[] }).articles ?? [];
  span.setAttributes({
    'mlflow.spanInputs': JSON.stringify({
      articles: articles.map((a) => (typeof a === 'string' ? preview(a, PREVIEW_CHARS) : a)),
    }),
    'mlflow.spanOutputs': JSON.stringify({ summaries: answer.results.map((r) => preview(r.summary, PREVIEW_CHARS)) }),
    'llmops.model.uri': answer.model.model_uri,
    ...(answer.model.name ? { 'llmops.model.name': answer.model.name } : {}),
    ...(answer.model.version !== null ? { 'llmops.model.version': String(answer.model.version) } : {}),
    'llmops.replica': answer.replica,
    ...modelTraceMetadata({
      modelUri: answer.model.model_uri,
      modelName: answer.model.name,
      modelVersion: answer.model.version === null ? null : String(answer.model.version),
    }),
  });
}
