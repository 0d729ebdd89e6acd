import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
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
  summarize(@Body() body: unknown) {
    return this.services.call<SummarizeResponse>(SUBJECTS.inference.summarize, payload(body), summarizeTimeoutMs(body));
  }
}
