import { Injectable } from '@nestjs/common';
import { InvalidParameterError, TRACKING_LIMITS } from '@llmops/contract';
import { ViewFilter } from '../../experiments/domain/experiment.repository';
import { decodePageToken, jsonBytes, pageOf, SENT_PAGE_BYTE_BUDGET } from '../../shared/page-token';
import { RUN_SEARCH_GRAMMAR, parseOrderBy, parseSearchFilter } from '../../shared/search/search-filter';
import { isWellFormedExperimentId } from '../../shared/validation';
import { TrackingStore } from '../../store/tracking-store';
import { Run } from '../domain/run';

const LOAD_CHUNK = 500;

export interface SearchRunsQuery {
  experimentIds: string[];
  filter?: string;
  orderBy?: string[];
  view?: ViewFilter;
  maxResults?: number;
  pageToken?: string;
  /** The experiments the caller may read (undefined: all); applied in the query, before paging. */
  visibleExperimentIds?: string[];
}

@Injectable()
export class SearchRunsHandler {
  constructor(private readonly store: TrackingStore) {}

  /**
   * A page of runs as `present` makes them (the wire view), cut by the size of that form: what
   * is measured is what is sent, so the page may fill the message (SENT_PAGE_BYTE_BUDGET).
   */
  async execute<V = Run>(
    query: SearchRunsQuery,
    present: (run: Run) => V = (run) => run as unknown as V,
  ): Promise<{ runs: V[]; nextPageToken?: string }> {
    const bad = query.experimentIds.find((id) => !isWellFormedExperimentId(id));
    if (bad !== undefined)
      throw new InvalidParameterError(`Invalid value for experiment_ids: '${bad}' is not an experiment id`);
    const comparisons = parseSearchFilter(query.filter, RUN_SEARCH_GRAMMAR);
    const orderBy = parseOrderBy(query.orderBy, RUN_SEARCH_GRAMMAR);
    const view = query.view ?? 'ACTIVE_ONLY';
    const limit = query.maxResults ?? TRACKING_LIMITS.defaultResultsSearchRuns;
    const identity = {
      experimentIds: [...query.experimentIds].sort(),
      filter: query.filter ?? '',
      orderBy: query.orderBy ?? [],
      view,
    };
    const offset = decodePageToken(query.pageToken, identity);
    const visible = query.visibleExperimentIds && new Set(query.visibleExperimentIds);
    const experimentIds = visible ? query.experimentIds.filter((id) => visible.has(id)) : query.experimentIds;
    if (experimentIds.length === 0) return { runs: [] };
    return this.store.transaction(async ({ runs }) => {
      const ids = await runs.search({
        experimentIds,
        comparisons,
        orderBy,
        view,
        offset,
        limit: limit + 1,
      });
      // Load runs a chunk at a time and stop once the page is full by size (max_results may be 50000).
      const loaded: V[] = [];
      const sizes: number[] = [];
      let bytes = 0;
      for (let start = 0; start < Math.min(ids.length, limit) && bytes <= SENT_PAGE_BYTE_BUDGET; start += LOAD_CHUNK) {
        const chunk = await runs.findRuns(ids.slice(start, Math.min(start + LOAD_CHUNK, limit)));
        for (const run of chunk) {
          const view = present(run);
          loaded.push(view);
          sizes.push(jsonBytes(view));
          bytes += sizes[sizes.length - 1];
        }
      }
      // Measured once: the page is cut by the same sizes.
      const page = pageOf(loaded, offset, limit, identity, {
        hasMore: ids.length > loaded.length,
        sizes,
        budget: SENT_PAGE_BYTE_BUDGET,
      });
      return { runs: page.items, nextPageToken: page.nextPageToken };
    });
  }
}
