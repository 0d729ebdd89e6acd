import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { TrackingTagDto } from './experiments.dto';
import { TRACKING_LIMITS } from './tracking.limits';
import { isPlainObject, isWireDouble, IsWireDouble, onlyKeys } from './tracking.validators';
import { RunInfoView, RunStatus, RunView, RUN_STATUSES, ViewType, WireDouble } from './tracking.types';

export class CreateRunRequest {
  @IsString()
  @IsNotEmpty()
  experiment_id!: string;

  @IsOptional()
  @IsString()
  user_id?: string;

  /** A random name (as MLflow's `adjective-animal-123`) when absent. */
  @IsOptional()
  @IsString()
  run_name?: string;

  /** Epoch ms; now when absent. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  start_time?: number;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TrackingTagDto)
  tags?: TrackingTagDto[];
}

export interface RunResponse {
  run: RunView;
}

export class GetRunRequest {
  @IsString()
  @IsNotEmpty()
  run_id!: string;
}

export class UpdateRunRequest {
  @IsString()
  @IsNotEmpty()
  run_id!: string;

  @IsOptional()
  @IsIn(RUN_STATUSES)
  status?: RunStatus;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  end_time?: number;

  @IsOptional()
  @IsString()
  run_name?: string;
}

export interface UpdateRunResponse {
  run_info: RunInfoView;
}

export class DeleteRunRequest {
  @IsString()
  @IsNotEmpty()
  run_id!: string;
}

export class RestoreRunRequest {
  @IsString()
  @IsNotEmpty()
  run_id!: string;
}

export class SearchRunsRequest {
  @IsArray()
  @IsString({ each: true })
  experiment_ids!: string[];

  /**
   * MLflow's filter grammar, clauses joined by AND:
   * `metrics.rouge1 > 0.3 and params.model = 't5' and tags.stage = 'dev' and attributes.status = 'FINISHED'`.
   * Operators: = != < <= > >= LIKE ILIKE IN NOT IN.
   */
  @IsOptional()
  @IsString()
  filter?: string;

  @IsOptional()
  @IsIn(Object.values(ViewType))
  run_view_type?: ViewType;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(TRACKING_LIMITS.maxResultsSearchRuns)
  max_results?: number;

  /** e.g. `['metrics.rougeL DESC', 'attributes.start_time ASC']`; default `attributes.start_time DESC`. */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  order_by?: string[];

  @IsOptional()
  @IsString()
  page_token?: string;
}

export interface SearchRunsResponse {
  runs: RunView[];
  /** Absent on the last page. */
  next_page_token?: string;
}

export class ParamDto {
  @IsString()
  key!: string;

  @IsString()
  value!: string;
}

export class MetricDto {
  @IsString()
  key!: string;

  /** A number, or 'NaN' / 'Infinity' / '-Infinity'. */
  @IsWireDouble()
  value!: WireDouble;

  /** Epoch ms; now when absent. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(-Number.MAX_SAFE_INTEGER)
  @Max(Number.MAX_SAFE_INTEGER)
  timestamp?: number;

  /** 0 when absent. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(-Number.MAX_SAFE_INTEGER)
  @Max(Number.MAX_SAFE_INTEGER)
  step?: number;
}

export class LogParamRequest extends ParamDto {
  @IsString()
  @IsNotEmpty()
  run_id!: string;
}

export class LogMetricRequest extends MetricDto {
  @IsString()
  @IsNotEmpty()
  run_id!: string;

  /** As LogBatchRequest.fastPath, for the one metric (the decorators cost more than the write). */
  static fastPath(value: unknown): LogMetricRequest | undefined {
    if (!isPlainObject(value) || !onlyKeys(value, LOG_METRIC_KEYS)) return undefined;
    const { run_id, ...rest } = value;
    if (typeof run_id !== 'string' || run_id === '') return undefined;
    const metric = fastMetric(rest, new LogMetricRequest());
    if (metric) metric.run_id = run_id;
    return metric;
  }
}

export class LogBatchRequest {
  @IsString()
  @IsNotEmpty()
  run_id!: string;

  /**
   * The common shape checked in one pass (class-validator takes 15-60 ms for 1,000 nested
   * metrics): a payload this accepts is one the decorators accept, transformed as they would
   * (timestamps and steps as numbers). Anything else, undefined: the decorators decide and word
   * the error. Used by the services' validation pipe.
   */
  static fastPath(value: unknown): LogBatchRequest | undefined {
    if (!isPlainObject(value) || !onlyKeys(value, BATCH_KEYS)) return undefined;
    const { run_id, metrics, params, tags } = value;
    if (typeof run_id !== 'string' || run_id === '') return undefined;
    const out = new LogBatchRequest();
    out.run_id = run_id;
    if (metrics !== undefined) {
      if (!Array.isArray(metrics)) return undefined;
      const parsed: MetricDto[] = [];
      for (const m of metrics) {
        if (!isPlainObject(m) || !onlyKeys(m, METRIC_KEYS)) return undefined;
        const metric = fastMetric(m, new MetricDto());
        if (!metric) return undefined;
        parsed.push(metric);
      }
      out.metrics = parsed;
    }
    for (const [name, list] of [
      ['params', params],
      ['tags', tags],
    ] as const) {
      if (list === undefined) continue;
      if (!Array.isArray(list)) return undefined;
      const parsed: Array<{ key: string; value: string }> = [];
      for (const e of list) {
        if (!isPlainObject(e) || !onlyKeys(e, KEY_VALUE_KEYS)) return undefined;
        if (typeof e.key !== 'string' || typeof e.value !== 'string') return undefined;
        parsed.push({ key: e.key, value: e.value });
      }
      if (name === 'params') out.params = parsed.map((p) => Object.assign(new ParamDto(), p));
      else out.tags = parsed.map((t) => Object.assign(new TrackingTagDto(), t));
    }
    return out;
  }

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => MetricDto)
  metrics?: MetricDto[];

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ParamDto)
  params?: ParamDto[];

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TrackingTagDto)
  tags?: TrackingTagDto[];
}

export class SetRunTagRequest {
  @IsString()
  @IsNotEmpty()
  run_id!: string;

  @IsString()
  key!: string;

  @IsString()
  value!: string;
}

export class DeleteRunTagRequest {
  @IsString()
  @IsNotEmpty()
  run_id!: string;

  @IsString()
  key!: string;
}

export class DatasetDto {
  @IsString()
  @IsNotEmpty()
  name!: string;

  @IsString()
  @IsNotEmpty()
  digest!: string;

  /** e.g. `local`, `http`, `hf`, `delta_table`. */
  @IsString()
  @IsNotEmpty()
  source_type!: string;

  /** Usually a JSON string such as `{"uri": "file:///data/news.jsonl"}`. */
  @IsString()
  source!: string;

  @IsOptional()
  @IsString()
  schema?: string;

  /** JSON string, e.g. `{"num_rows": 1000}`. */
  @IsOptional()
  @IsString()
  profile?: string;
}

export class DatasetInputDto {
  /** The context goes in the tag `mlflow.data.context` (e.g. `training`, `evaluation`). */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TrackingTagDto)
  tags?: TrackingTagDto[];

  @ValidateNested()
  @Type(() => DatasetDto)
  dataset!: DatasetDto;
}

export class LogInputsRequest {
  @IsString()
  @IsNotEmpty()
  run_id!: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DatasetInputDto)
  datasets!: DatasetInputDto[];
}

const BATCH_KEYS = new Set(['run_id', 'metrics', 'params', 'tags']);
const METRIC_KEYS = new Set(['key', 'value', 'timestamp', 'step']);
const LOG_METRIC_KEYS = new Set(['run_id', ...METRIC_KEYS]);

/** A metric's fields (keys already checked) into `into`, as MetricDto's decorators would; else undefined. */
function fastMetric<T extends MetricDto>(m: Record<string, unknown>, into: T): T | undefined {
  if (typeof m.key !== 'string' || !isWireDouble(m.value)) return undefined;
  into.key = m.key;
  into.value = m.value as WireDouble;
  if (m.timestamp !== undefined) {
    const timestamp = safeInteger(m.timestamp);
    if (timestamp === undefined) return undefined;
    into.timestamp = timestamp;
  }
  if (m.step !== undefined) {
    const step = safeInteger(m.step);
    if (step === undefined) return undefined;
    into.step = step;
  }
  return into;
}
const KEY_VALUE_KEYS = new Set(['key', 'value']);

/** What `@Type(() => Number) @IsInt() @Min/@Max(±MAX_SAFE_INTEGER)` accepts: integers, or their decimal text. */
function safeInteger(value: unknown): number | undefined {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^-?[0-9]{1,16}$/.test(value)
        ? Number(value)
        : NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}
