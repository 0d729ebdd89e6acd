import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, IsObject, IsOptional, IsString } from 'class-validator';
import { INFERENCE_LIMITS } from './inference.limits';

/**
 * One summarize call: a model URI (`runs:/<run_id>/<path>`, `models:/<name>/<version|stage>`,
 * `models:/<name>@<alias>`, or `extractive`) and 1..N articles. Each article must be a non-blank
 * string (checked per element by the service, so the error names the index).
 */
export class SummarizeRequest {
  @IsString()
  @IsNotEmpty()
  model_uri!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(INFERENCE_LIMITS.maxArticlesPerRequest)
  articles!: unknown[];

  /** Per-call generation settings of the model's flavor (e.g. `maxNewTokens`, `numBeams`). */
  @IsOptional()
  @IsObject()
  settings?: Record<string, string | number | boolean>;
}

export interface SummaryView {
  summary: string;
  /** The article was cut (to the model's input tokens, or to the service's character bound). */
  truncated: boolean;
  tokens_in: number;
  tokens_out: number;
  latency_ms: number;
}

/** The concrete model that answered (`name`/`version` are null for `runs:/` and built-in models). */
export interface ResolvedModelView {
  model_uri: string;
  name: string | null;
  version: number | null;
  run_id: string | null;
  storage_location: string;
}

export interface SummarizeResponse {
  model: ResolvedModelView;
  /** The replica that answered (host:pid), to see the load spread across the queue group. */
  replica: string;
  /** One per article, in request order. */
  results: SummaryView[];
}
