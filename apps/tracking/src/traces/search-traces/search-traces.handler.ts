import { Injectable } from '@nestjs/common';
import { InvalidParameterError, SearchTracesRequest, TRACE_SEARCH_LIMITS } from '@llmops/contract';
import { decodePageToken, nextPageToken } from '../../shared/page-token';
import { SearchGrammar, parseOrderBy, parseSearchFilter } from '../../shared/search/search-filter';
import { isWellFormedExperimentId } from '../../shared/validation';
import { TraceInfo } from '../domain/trace';
import { TraceRepository } from '../domain/trace.repository';

/**
 * MLflow's trace search grammar: `trace.<attribute>` (status, timestamp_ms, execution_time_ms,
 * name, run_id, model_id, client_request_id, request_preview, response_preview, trace_id),
 * `tags.<key>` and `request_metadata.<key>` / `metadata.<key>`, joined by AND.
 */
export const TRACE_SEARCH_GRAMMAR: SearchGrammar = {
  entities: ['tag', 'attribute', 'metadata'],
  attributes: {
    trace_id: 'string',
    status: 'string',
    timestamp_ms: 'number',
    execution_time_ms: 'number',
    client_request_id: 'string',
    request_preview: 'string',
    response_preview: 'string',
    name: 'string',
    run_id: 'string',
    model_id: 'string',
  },
  attributeAliases: {
    request_id: 'trace_id',
    state: 'status',
    timestamp: 'timestamp_ms',
    request_time: 'timestamp_ms',
    execution_duration: 'execution_time_ms',
    execution_duration_ms: 'execution_time_ms',
  },
  entityPrefixes: {
    trace: 'attribute',
    request_metadata: 'metadata',
    metadata: 'metadata',
  },
};

@Injectable()
export class SearchTracesHandler {
  constructor(private readonly traces: TraceRepository) {}

  async execute(
    request: SearchTracesRequest,
    visibleExperimentIds?: string[],
  ): Promise<{ traces: TraceInfo[]; nextPageToken?: string }> {
    const bad = request.experiment_ids.find((id) => !isWellFormedExperimentId(id));
    if (bad !== undefined) throw new InvalidParameterError(`Invalid experiment id '${bad}'`);
    if (request.experiment_ids.length === 0)
      throw new InvalidParameterError('Search traces needs at least one experiment');
    const comparisons = parseSearchFilter(request.filter, TRACE_SEARCH_GRAMMAR);
    const orderBy = parseOrderBy(request.order_by, TRACE_SEARCH_GRAMMAR);
    const limit = request.max_results ?? TRACE_SEARCH_LIMITS.defaultMaxResults;
    const identity = {
      experimentIds: [...request.experiment_ids].sort(),
      filter: request.filter ?? '',
      orderBy: request.order_by ?? [],
    };
    const offset = decodePageToken(request.page_token, identity);
    const visible = visibleExperimentIds && new Set(visibleExperimentIds);
    const experimentIds = visible ? request.experiment_ids.filter((id) => visible.has(id)) : request.experiment_ids;
    if (experimentIds.length === 0) return { traces: [] };
    const ids = await this.traces.search({ experimentIds, comparisons, orderBy, offset, limit: limit + 1 });
    const infos = await this.traces.findInfos(ids.slice(0, limit));
    return { traces: infos, nextPageToken: nextPageToken(offset, limit, ids.length, identity) };
  }
}
