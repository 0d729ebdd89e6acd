import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  CreateModelVersionRequest,
  CreateRegisteredModelRequest,
  GatedTransitionRequest,
  RunEvaluationRequest,
  SetGatePolicyRequest,
  SUBJECTS,
  type GatePolicyResponse,
  type AliasDeletedResponse,
  type AliasResponse,
  type GatedTransitionResponse,
  type ListModelHistoryResponse,
  type ModelHistoryAtResponse,
  type ModelVersionResponse,
  type RegisteredModelResponse,
  type RunEvaluationResponse,
  type SearchModelVersionsResponse,
  type SearchRegisteredModelsResponse,
} from '@llmops/contract';
import { schemaOf } from '../../app/openapi-schema';
import { ServiceClient } from '../../services/service-client';
import { payload, queryPayload } from '../../tracking/request-payload';
import { REGISTRY_HTTP_OPTIONS, RegistryHttpOptions } from '../registry-http.options';
import { historyQuery, modelPatch, versionsOfModelQuery } from './registry-rest.mappers';

const S = SUBJECTS.registry;
const E = SUBJECTS.evaluation;

/** Platform REST for the model registry, staging evaluation and gated promotion (snake_case JSON). */
@ApiTags('registry')
@Controller('api/v1/registered-models')
export class RegisteredModelsController {
  constructor(
    private readonly services: ServiceClient,
    @Inject(REGISTRY_HTTP_OPTIONS) private readonly options: RegistryHttpOptions,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Register a model name' })
  @ApiBody({ schema: schemaOf(CreateRegisteredModelRequest) })
  create(@Body() body: unknown) {
    return this.services.call<RegisteredModelResponse>(S.models.create, payload(body));
  }

  @Get()
  @ApiOperation({ summary: "Search registered models (e.g. filter `name LIKE '%news%'`)" })
  @ApiQuery({ name: 'filter', required: false })
  @ApiQuery({ name: 'max_results', required: false, type: Number })
  @ApiQuery({ name: 'page_token', required: false })
  @ApiQuery({ name: 'order_by', required: false, isArray: true, type: String })
  search(@Query() query: Record<string, unknown>) {
    return this.services.call<SearchRegisteredModelsResponse>(S.models.search, queryPayload(query, ['order_by']));
  }

  @Get(':name')
  @ApiOperation({ summary: 'A registered model with its latest version per stage, tags and aliases' })
  get(@Param('name') name: string) {
    return this.services.call<RegisteredModelResponse>(S.models.get, { name });
  }

  @Patch(':name')
  @ApiOperation({ summary: 'Rename (new_name) and/or describe (description) a registered model' })
  @ApiBody({
    schema: { type: 'object', properties: { new_name: { type: 'string' }, description: { type: 'string' } } },
  })
  async update(@Param('name') name: string, @Body() body: unknown) {
    const patch = modelPatch(name, body);
    let answer: RegisteredModelResponse | undefined;
    if (patch.rename) answer = await this.services.call<RegisteredModelResponse>(S.models.rename, patch.rename);
    if (patch.update) {
      const current = answer?.registered_model.name ?? name;
      answer = await this.services.call<RegisteredModelResponse>(S.models.update, patch.update(current));
    }
    return answer;
  }

  @Delete(':name')
  @ApiOperation({ summary: 'Delete a registered model and all its versions' })
  delete(@Param('name') name: string) {
    return this.services.call(S.models.delete, { name });
  }

  @Post(':name/versions')
  @ApiOperation({ summary: 'Register a version from a packaged model (source runs:/<run_id>/<path>)' })
  @ApiBody({ schema: schemaOf(CreateModelVersionRequest, ['name']) })
  createVersion(@Param('name') name: string, @Body() body: unknown) {
    return this.services.call<ModelVersionResponse>(S.versions.create, payload(body, { name }));
  }

  @Get(':name/versions')
  @ApiOperation({ summary: "The model's versions (search within it)" })
  @ApiQuery({ name: 'filter', required: false })
  @ApiQuery({ name: 'max_results', required: false, type: Number })
  @ApiQuery({ name: 'page_token', required: false })
  @ApiQuery({ name: 'order_by', required: false, isArray: true, type: String })
  async listVersions(@Param('name') name: string, @Query() query: Record<string, unknown>) {
    // An unknown model is a 404, not an empty list.
    await this.services.call<RegisteredModelResponse>(S.models.get, { name });
    return this.services.call<SearchModelVersionsResponse>(S.versions.search, versionsOfModelQuery(name, query));
  }

  @Get(':name/versions/:version')
  @ApiOperation({ summary: 'A model version' })
  getVersion(@Param('name') name: string, @Param('version') version: string) {
    return this.services.call<ModelVersionResponse>(S.versions.get, { name, version });
  }

  @Post(':name/versions/:version/stage')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move a version to a stage; Production must pass the promotion gate (400 INVALID_STATE otherwise)',
    description:
      "For Production: the model's gate policy (GET .../gate-policy; a `gate` given here can only tighten it) and " +
      "`evaluation_run_id` (from POST .../evaluations; default: the version's latest), or `override_reason`. " +
      'Answers the version and the gate decision (every check with its values), also recorded in the history.',
  })
  @ApiBody({ schema: schemaOf(GatedTransitionRequest, ['name', 'version']) })
  transition(@Param('name') name: string, @Param('version') version: string, @Body() body: unknown) {
    return this.services.call<GatedTransitionResponse>(E.gate.transition, payload(body, { name, version }));
  }

  @Post(':name/versions/:version/evaluations')
  @ApiOperation({
    summary: 'Evaluate a version on a held-out JSONL set (ROUGE, latency, failure rate); logs an evaluation run',
    description: 'Summarizes every article through the inference service: this takes minutes for real models.',
  })
  @ApiBody({ schema: schemaOf(RunEvaluationRequest, ['name', 'version']) })
  evaluate(@Param('name') name: string, @Param('version') version: string, @Body() body: unknown) {
    return this.services.call<RunEvaluationResponse>(
      E.run,
      payload(body, { name, version }),
      this.options.evaluationTimeoutMs,
    );
  }

  @Get(':name/gate-policy')
  @ApiOperation({
    summary: "The model's promotion gate policy (stored for it, else the registry's default, else none)",
    description:
      "Every promotion to Production is decided by it, also MLflow clients' `transition_model_version_stage`, " +
      "against the version's latest evaluation recorded by the evaluation service.",
  })
  gatePolicy(@Param('name') name: string) {
    return this.services.call<GatePolicyResponse>(E.gate.getPolicy, { name });
  }

  @Put(':name/gate-policy')
  @ApiOperation({ summary: "Store the model's promotion gate policy (approver; audited)" })
  @ApiBody({ schema: schemaOf(SetGatePolicyRequest, ['name']) })
  setGatePolicy(@Param('name') name: string, @Body() body: unknown) {
    return this.services.call<GatePolicyResponse>(E.gate.setPolicy, payload(body, { name }));
  }

  @Put(':name/aliases/:alias')
  @ApiOperation({ summary: 'Point an alias (e.g. champion) at a version' })
  @ApiBody({ schema: { type: 'object', required: ['version'], properties: { version: { type: 'string' } } } })
  setAlias(@Param('name') name: string, @Param('alias') alias: string, @Body() body: unknown) {
    return this.services.call<AliasResponse>(S.aliases.set, payload(body, { name, alias }));
  }

  @Delete(':name/aliases/:alias')
  @ApiOperation({ summary: 'Remove an alias' })
  deleteAlias(@Param('name') name: string, @Param('alias') alias: string) {
    return this.services.call<AliasDeletedResponse>(S.aliases.delete, { name, alias });
  }

  @Get(':name/history')
  @ApiOperation({
    summary: 'Stage transitions and alias moves (with gate decisions); or, with at=, who held a stage/alias then',
  })
  @ApiQuery({ name: 'at', required: false, description: 'ISO 8601 time', example: '2026-01-31T12:00:00Z' })
  @ApiQuery({ name: 'stage', required: false, example: 'Production' })
  @ApiQuery({ name: 'alias', required: false })
  @ApiQuery({ name: 'version', required: false })
  history(@Param('name') name: string, @Query() query: Record<string, unknown>) {
    const q = historyQuery(name, query);
    return q.kind === 'list'
      ? this.services.call<ListModelHistoryResponse>(S.history.list, q.payload)
      : this.services.call<ModelHistoryAtResponse>(S.history.at, q.payload);
  }
}
