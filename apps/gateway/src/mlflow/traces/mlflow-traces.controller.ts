import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  AssessmentResponse,
  DeleteTracesResponse,
  GetTracesResponse,
  InvalidParameterError,
  ResourceNotFoundError,
  SUBJECTS,
  SearchTracesResponse,
  TRACE_SEARCH_LIMITS,
  TraceInfoResponse,
} from '@llmops/contract';
import { ServiceClient } from '../../services/service-client';
import { fieldsOf, listOf } from '../mlflow-json';
import { MLFLOW_PREFIXES, MLFLOW_V3_PREFIXES } from '../mlflow-routes';
import { mlflowTraceRequest as req, traceInfoV2, traceProtoJson } from './mlflow-traces.mappers';

const S = SUBJECTS.tracking.traces;
/** Traces of a batchGet asked for at once. */
const BATCH_PARALLELISM = 8;

/** Tag routes and DeleteTraces: the same under 2.0 and 3.0 (MLflow 3 clients call the 2.0 ones). */
abstract class TraceTagRoutes {
  constructor(protected readonly services: ServiceClient) {}

  @Patch('traces/:traceId/tags')
  async setTag(@Param('traceId') traceId: string, @Body() body: unknown) {
    const f = fieldsOf(body);
    await this.services.call(S.setTag, { trace_id: traceId, key: f.key, value: f.value ?? '' });
    return {};
  }

  @Delete('traces/:traceId/tags')
  async deleteTag(@Param('traceId') traceId: string, @Query() query: unknown, @Body() body: unknown) {
    // MLflow's client sends DELETE's fields in the body; the query is read too (protobuf GET style).
    const key = fieldsOf(body).key ?? fieldsOf(query).key;
    await this.services.call(S.deleteTag, { trace_id: traceId, key });
    return {};
  }

  @Post('traces/delete-traces')
  @HttpCode(200)
  delete(@Body() body: unknown) {
    return this.services.call<DeleteTracesResponse>(S.delete, req.delete(body));
  }
}

/** MLflow 3's trace API under `/api/3.0/mlflow` (the routes of MLflow's 3.x REST store). */
@ApiExcludeController()
@Controller(MLFLOW_V3_PREFIXES)
export class MlflowTracesV3Controller extends TraceTagRoutes {
  constructor(services: ServiceClient) {
    super(services);
  }

  @Post('traces')
  @HttpCode(200)
  async start(@Body() body: unknown) {
    const answer = await this.services.call<TraceInfoResponse>(S.start, req.startV3(body));
    return { trace: { trace_info: answer.trace_info } };
  }

  @Post('traces/search')
  @HttpCode(200)
  async search(@Body() body: unknown) {
    const answer = await this.services.call<SearchTracesResponse>(S.search, req.searchV3(body));
    return answer.next_page_token ? answer : { traces: answer.traces };
  }

  @Get('traces/get')
  async getTrace(@Query() query: unknown) {
    const traceId = fieldsOf(query).trace_id;
    const answer = await this.services.call<GetTracesResponse>(S.getData, { trace_ids: [traceId] });
    if (answer.traces.length === 0) throw new ResourceNotFoundError(`Trace with ID '${String(traceId)}' not found.`);
    return { trace: traceProtoJson(answer.traces[0]) };
  }

  @Get('traces/batchGet')
  async batchGet(@Query() query: unknown) {
    const ids = listOf(fieldsOf(query).trace_ids) ?? [];
    if (!Array.isArray(ids) || ids.length > TRACE_SEARCH_LIMITS.maxBatchGet) {
      throw new InvalidParameterError(`batchGet takes at most ${TRACE_SEARCH_LIMITS.maxBatchGet} trace ids`);
    }
    // One trace per message: a trace's spans can come close to NATS's 1 MB payload on their own.
    const traces: GetTracesResponse['traces'] = [];
    for (let i = 0; i < ids.length; i += BATCH_PARALLELISM) {
      const answers = await Promise.all(
        ids
          .slice(i, i + BATCH_PARALLELISM)
          .map((id) => this.services.call<GetTracesResponse>(S.getData, { trace_ids: [id] })),
      );
      traces.push(...answers.flatMap((a) => a.traces));
    }
    return { traces: traces.map(traceProtoJson) };
  }

  @Get('traces/:traceId')
  async info(@Param('traceId') traceId: string) {
    const answer = await this.services.call<TraceInfoResponse>(S.get, { trace_id: traceId });
    return { trace: { trace_info: answer.trace_info } };
  }

  @Post('traces/:traceId/assessments')
  @HttpCode(200)
  createAssessment(@Param('traceId') traceId: string, @Body() body: unknown) {
    return this.services.call<AssessmentResponse>(S.assessments.create, req.createAssessment(traceId, body));
  }

  @Get('traces/:traceId/assessments/:assessmentId')
  getAssessment(@Param('traceId') traceId: string, @Param('assessmentId') assessmentId: string) {
    return this.services.call<AssessmentResponse>(S.assessments.get, {
      trace_id: traceId,
      assessment_id: assessmentId,
    });
  }

  @Patch('traces/:traceId/assessments/:assessmentId')
  updateAssessment(
    @Param('traceId') traceId: string,
    @Param('assessmentId') assessmentId: string,
    @Body() body: unknown,
  ) {
    return this.services.call<AssessmentResponse>(
      S.assessments.update,
      req.updateAssessment(traceId, assessmentId, body),
    );
  }

  @Delete('traces/:traceId/assessments/:assessmentId')
  async deleteAssessment(@Param('traceId') traceId: string, @Param('assessmentId') assessmentId: string) {
    await this.services.call(S.assessments.delete, { trace_id: traceId, assessment_id: assessmentId });
    return {};
  }
}

/** MLflow 2.x's trace API under `/api/2.0/mlflow` (MLflow 2.14+ clients; 3.x falls back to it). */
@ApiExcludeController()
@Controller(MLFLOW_PREFIXES)
export class MlflowTracesV2Controller extends TraceTagRoutes {
  constructor(services: ServiceClient) {
    super(services);
  }

  @Post('traces')
  @HttpCode(200)
  async start(@Body() body: unknown) {
    const answer = await this.services.call<TraceInfoResponse>(S.start, req.startV2(body));
    return { trace_info: traceInfoV2(answer.trace_info) };
  }

  @Get('traces')
  async search(@Query() query: unknown) {
    const answer = await this.services.call<SearchTracesResponse>(S.search, req.searchV2(query));
    return {
      traces: answer.traces.map(traceInfoV2),
      ...(answer.next_page_token ? { next_page_token: answer.next_page_token } : {}),
    };
  }

  @Get('traces/:traceId/info')
  async info(@Param('traceId') traceId: string) {
    const answer = await this.services.call<TraceInfoResponse>(S.get, { trace_id: traceId });
    return { trace_info: traceInfoV2(answer.trace_info) };
  }

  @Patch('traces/:traceId')
  async end(@Param('traceId') traceId: string, @Body() body: unknown) {
    const answer = await this.services.call<TraceInfoResponse>(S.end, req.endV2(traceId, body));
    return { trace_info: traceInfoV2(answer.trace_info) };
  }
}
