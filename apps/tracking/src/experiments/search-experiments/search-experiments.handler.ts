import { Injectable } from '@nestjs/common';
import { TRACKING_LIMITS } from '@llmops/contract';
import { decodePageToken, pageOf } from '../../shared/page-token';
import { EXPERIMENT_SEARCH_GRAMMAR, parseOrderBy, parseSearchFilter } from '../../shared/search/search-filter';
import { TrackingStore } from '../../store/tracking-store';
import { Experiment } from '../domain/experiment';
import { ViewFilter } from '../domain/experiment.repository';

export interface SearchExperimentsQuery {
  filter?: string;
  orderBy?: string[];
  view?: ViewFilter;
  maxResults?: number;
  pageToken?: string;
  /** The experiments the caller may read (undefined: all); applied in the query, before paging. */
  visibleIds?: string[];
}

@Injectable()
export class SearchExperimentsHandler {
  constructor(private readonly store: TrackingStore) {}

  async execute(query: SearchExperimentsQuery): Promise<{ experiments: Experiment[]; nextPageToken?: string }> {
    const comparisons = parseSearchFilter(query.filter, EXPERIMENT_SEARCH_GRAMMAR);
    const orderBy = parseOrderBy(query.orderBy, EXPERIMENT_SEARCH_GRAMMAR);
    const view = query.view ?? 'ACTIVE_ONLY';
    const limit = query.maxResults ?? TRACKING_LIMITS.defaultResultsSearchExperiments;
    const identity = { filter: query.filter ?? '', orderBy: query.orderBy ?? [], view };
    const offset = decodePageToken(query.pageToken, identity);
    if (query.visibleIds?.length === 0) return { experiments: [] };
    const rows = await this.store.transaction(({ experiments }) =>
      experiments.search({ comparisons, orderBy, view, offset, limit: limit + 1, visibleIds: query.visibleIds }),
    );
    const page = pageOf(rows, offset, limit, identity);
    return { experiments: page.items, nextPageToken: page.nextPageToken };
  }
}
