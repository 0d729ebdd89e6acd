import { Attributes, Span } from '@opentelemetry/api';
import { TRACE_METADATA_ATTRIBUTE_PREFIX } from '@llmops/contract';
import { preview } from './spans';

/** What one summarization was: the MLflow GenAI trace's request, response and LLM details. */
export interface LlmCall {
  articles: string[];
  summaries?: string[];
  modelUri: string;
  modelName?: string | null;
  modelVersion?: string | null;
  flavor?: string;
  tokensIn?: number;
  tokensOut?: number;
  truncated?: boolean;
  latencyMs?: number;
  replica?: string;
  /** Characters of an article kept in the trace; longer articles are kept as a preview. */
  previewChars: number;
}

/**
 * Sets the attributes MLflow reads from an OpenTelemetry LLM span (`mlflow.spanType`,
 * `mlflow.spanInputs`/`Outputs` as JSON, `mlflow.chat.tokenUsage`, `mlflow.llm.model`) and the
 * OpenTelemetry GenAI conventions (`gen_ai.*`), plus the platform's model version and replica
 * (what traces are searched by).
 */
export function llmSpanAttributes(call: LlmCall): Attributes {
  const truncatedArticles = call.articles.some((a) => a.length > call.previewChars);
  const attributes: Attributes = {
    'mlflow.spanType': 'LLM',
    'gen_ai.operation.name': 'text_completion',
    'gen_ai.request.model': call.modelUri,
    'mlflow.llm.model': call.modelUri,
    'mlflow.spanInputs': JSON.stringify({
      articles: call.articles.map((a) => preview(a, call.previewChars)),
      ...(truncatedArticles ? { preview_chars: call.previewChars } : {}),
    }),
    'llmops.model.uri': call.modelUri,
  };
  if (call.modelName) attributes['llmops.model.name'] = call.modelName;
  if (call.modelVersion) attributes['llmops.model.version'] = call.modelVersion;
  Object.assign(attributes, modelTraceMetadata(call));
  if (call.flavor) attributes['llmops.model.flavor'] = call.flavor;
  if (call.replica) attributes['llmops.replica'] = call.replica;
  return attributes;
}

/** The outcome half of an LLM span, once the model answered. */
export function setLlmOutcome(span: Span, call: LlmCall): void {
  const tokensIn = call.tokensIn ?? 0;
  const tokensOut = call.tokensOut ?? 0;
  span.setAttributes({
    'mlflow.spanOutputs': JSON.stringify({ summaries: call.summaries ?? [] }),
    'mlflow.chat.tokenUsage': JSON.stringify({
      input_tokens: tokensIn,
      output_tokens: tokensOut,
      total_tokens: tokensIn + tokensOut,
    }),
    'gen_ai.usage.input_tokens': tokensIn,
    'gen_ai.usage.output_tokens': tokensOut,
    'llmops.truncated': call.truncated ?? false,
    ...(call.latencyMs !== undefined ? { 'llmops.latency_ms': Math.round(call.latencyMs * 10) / 10 } : {}),
    ...(call.replica ? { 'llmops.replica': call.replica } : {}),
  });
}

/**
 * Span attributes the trace store lifts into the trace's metadata (`mlflow.trace.metadata.<key>`),
 * so traces are searchable by the model that served them:
 * ``request_metadata.`llmops.modelVersion` = '3'``.
 */
export function modelTraceMetadata(model: {
  modelUri: string;
  modelName?: string | null;
  modelVersion?: string | null;
}): Attributes {
  return {
    [`${TRACE_METADATA_ATTRIBUTE_PREFIX}llmops.modelUri`]: model.modelUri,
    ...(model.modelName ? { [`${TRACE_METADATA_ATTRIBUTE_PREFIX}llmops.modelName`]: model.modelName } : {}),
    ...(model.modelVersion ? { [`${TRACE_METADATA_ATTRIBUTE_PREFIX}llmops.modelVersion`]: model.modelVersion } : {}),
  };
}
