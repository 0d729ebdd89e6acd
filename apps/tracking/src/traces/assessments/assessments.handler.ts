import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import {
  CreateAssessmentRequest,
  InvalidParameterError,
  ResourceNotFoundError,
  UpdateAssessmentRequest,
} from '@llmops/contract';
import { Clock } from '../../shared/clock';
import { Assessment, AssessmentSourceType } from '../domain/trace';
import { TraceRepository } from '../domain/trace.repository';
import { checkedMap, requireTrace } from '../trace-lookup';

const SOURCE_TYPES: readonly AssessmentSourceType[] = ['SOURCE_TYPE_UNSPECIFIED', 'HUMAN', 'LLM_JUDGE', 'CODE'];
/** A feedback or expectation value (a rating, a reference summary) as JSON text. */
const MAX_VALUE_BYTES = 64 * 1024;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Feedback and expectations on a trace (MLflow's `assessments.proto`): a reviewer's rating of a
 * summary, a judge's verdict, the reference summary. An assessment that `overrides` another makes
 * that one invalid; deleting the override makes it valid again.
 */
@Injectable()
export class AssessmentsHandler {
  constructor(
    private readonly traces: TraceRepository,
    private readonly clock: Clock,
  ) {}

  async create(request: CreateAssessmentRequest): Promise<Assessment> {
    await requireTrace(this.traces, request.trace_id);
    const a = request.assessment;
    const now = this.clock.now();
    const source = isObject(a.source) ? a.source : undefined;
    const assessment: Assessment = {
      assessmentId: `a-${randomBytes(16).toString('hex')}`,
      traceId: request.trace_id,
      name: nameOf(a.assessment_name),
      spanId: optionalString(a.span_id, 'span_id', 16),
      sourceType: sourceTypeOf(source?.source_type),
      sourceId: requiredString(source?.source_id, 'source.source_id', 250),
      createTime: now,
      lastUpdateTime: now,
      ...valueOf(a),
      rationale: optionalString(a.rationale, 'rationale', MAX_VALUE_BYTES),
      metadata: checkedMap(isObject(a.metadata) ? a.metadata : undefined, 'assessment metadata'),
      overrides: optionalString(a.overrides, 'overrides', 50),
      valid: true,
    };
    if (!(await this.traces.createAssessment(assessment))) {
      throw new ResourceNotFoundError(
        `Assessment with ID '${assessment.overrides}' not found for trace '${request.trace_id}'`,
      );
    }
    return assessment;
  }

  async get(traceId: string, assessmentId: string): Promise<Assessment> {
    await requireTrace(this.traces, traceId);
    const found = await this.traces.findAssessment(traceId, assessmentId);
    if (!found)
      throw new ResourceNotFoundError(`Assessment with ID '${assessmentId}' not found for trace '${traceId}'`);
    return found;
  }

  async update(request: UpdateAssessmentRequest): Promise<Assessment> {
    const current = await this.get(request.trace_id, request.assessment_id);
    const a = request.assessment;
    const next: Assessment = { ...current, lastUpdateTime: this.clock.now() };
    for (const path of new Set(request.update_mask)) {
      if (path === 'assessment_name') next.name = nameOf(a.assessment_name);
      else if (path === 'rationale') next.rationale = optionalString(a.rationale, 'rationale', MAX_VALUE_BYTES);
      else if (path === 'metadata')
        next.metadata = checkedMap(isObject(a.metadata) ? a.metadata : undefined, 'assessment metadata');
      else if (path === 'valid') next.valid = a.valid !== false;
      else if (path === 'feedback' || path === 'expectation') {
        const value = valueOf({ [path]: a[path] });
        if (value.kind !== current.kind) {
          throw new InvalidParameterError(`Cannot change a ${current.kind} into a ${value.kind}`);
        }
        Object.assign(next, value);
      }
    }
    await this.traces.updateAssessment(next);
    return next;
  }

  async delete(traceId: string, assessmentId: string): Promise<void> {
    await requireTrace(this.traces, traceId);
    if (!(await this.traces.deleteAssessment(traceId, assessmentId))) {
      throw new ResourceNotFoundError(`Assessment with ID '${assessmentId}' not found for trace '${traceId}'`);
    }
  }
}

function nameOf(value: unknown): string {
  return requiredString(value, 'assessment_name', 250);
}

function requiredString(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value === '')
    throw new InvalidParameterError(`Assessment field '${field}' is required`);
  if (value.length > max)
    throw new InvalidParameterError(`Assessment field '${field}' is longer than ${max} characters`);
  return value;
}

function optionalString(value: unknown, field: string, max: number): string | null {
  if (value === undefined || value === null || value === '') return null;
  return requiredString(value, field, max);
}

function sourceTypeOf(value: unknown): AssessmentSourceType {
  if (SOURCE_TYPES.includes(value as AssessmentSourceType)) return value as AssessmentSourceType;
  throw new InvalidParameterError(`Assessment source.source_type must be one of ${SOURCE_TYPES.join(', ')}`);
}

/** Exactly one of `feedback` (a value or an error) and `expectation` (a value or a serialized value). */
function valueOf(a: Json): Pick<Assessment, 'kind' | 'value'> {
  const feedback = a.feedback;
  const expectation = a.expectation;
  if ((feedback === undefined) === (expectation === undefined)) {
    throw new InvalidParameterError('An assessment has exactly one of `feedback` and `expectation`');
  }
  const kind = feedback !== undefined ? 'feedback' : 'expectation';
  const body = feedback ?? expectation;
  if (!isObject(body)) throw new InvalidParameterError(`Assessment field '${kind}' must be an object`);
  const allowed = kind === 'feedback' ? ['value', 'error'] : ['value', 'serialized_value'];
  const stray = Object.keys(body).find((k) => !allowed.includes(k));
  if (stray !== undefined) throw new InvalidParameterError(`Unknown field '${kind}.${stray}'`);
  if (!allowed.some((k) => body[k] !== undefined)) {
    throw new InvalidParameterError(`Assessment field '${kind}' needs ${allowed.join(' or ')}`);
  }
  if (Buffer.byteLength(JSON.stringify(body)) > MAX_VALUE_BYTES) {
    throw new InvalidParameterError(`An assessment's ${kind} is larger than ${MAX_VALUE_BYTES} bytes`);
  }
  return { kind, value: body };
}
