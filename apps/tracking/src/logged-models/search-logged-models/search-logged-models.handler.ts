import { Injectable } from '@nestjs/common';
import { InvalidParameterError, LOGGED_MODEL_SEARCH_LIMITS } from '@llmops/contract';
import { decodePageToken, pageOf } from '../../shared/page-token';
import { Comparison, parseSearchFilter } from '../../shared/search/search-filter';
import { TrackingStore } from '../../store/tracking-store';
import { LoggedModel, statusFromWire } from '../domain/logged-model';
import { LoggedModelOrder } from '../domain/logged-model.repository';
import { LOGGED_MODEL_ATTRIBUTES, LOGGED_MODEL_SEARCH_GRAMMAR } from './logged-model-search';

export interface SearchLoggedModelsQuery {
  experimentIds: string[];
  filter?: string;
  datasets?: Array<{ dataset_name: string; dataset_digest?: string }>;
  maxResults?: number;
  orderBy?: Array<{ field_name: string; ascending?: boolean; dataset_name?: string; dataset_digest?: string }>;
  pageToken?: string;
}

/**
 * MLflow 3's SearchLoggedModels: active models of the experiments, filtered with MLflow's grammar
 * (attributes name, model_id, model_type, status, source_run_id, creation_timestamp,
 * last_updated_timestamp; `params.`, `tags.`, `metrics.`), ordered by attributes or metrics, newest
 * first by default.
 */
@Injectable()
export class SearchLoggedModelsHandler {
  constructor(private readonly store: TrackingStore) {}

  async execute(query: SearchLoggedModelsQuery): Promise<{ models: LoggedModel[]; nextPageToken?: string }> {
    const comparisons = parseSearchFilter(query.filter, LOGGED_MODEL_SEARCH_GRAMMAR).map(normaliseStatus);
    const orderBy = (query.orderBy ?? []).map(orderOf);
    const limit = query.maxResults ?? LOGGED_MODEL_SEARCH_LIMITS.defaultMaxResults;
    const identity = {
      experimentIds: query.experimentIds,
      filter: query.filter ?? '',
      orderBy: query.orderBy ?? [],
      datasets: query.datasets ?? [],
    };
    const offset = decodePageToken(query.pageToken, identity);
    const models = await this.store.transaction(async ({ loggedModels }) => {
      const ids = await loggedModels.search({
        experimentIds: query.experimentIds,
        comparisons,
        orderBy,
        offset,
        limit: limit + 1,
      });
      return loggedModels.findMany(ids);
    });
    const page = pageOf(models, offset, limit, identity);
    return { models: page.items, nextPageToken: page.nextPageToken };
  }
}

/** `status` compares with the stored names whatever spelling was used (READY, LOGGED_MODEL_READY). */
function normaliseStatus(c: Comparison): Comparison {
  if (c.entity !== 'attribute' || c.key !== 'status') return c;
  const value = Array.isArray(c.value) ? c.value.map((v) => statusFromWire(v)) : statusFromWire(String(c.value));
  return { ...c, value };
}

function orderOf(o: { field_name: string; ascending?: boolean }): LoggedModelOrder {
  const ascending = o.ascending ?? true;
  const field = o.field_name;
  if (!field.includes('.')) {
    const name = LOGGED_MODEL_SEARCH_GRAMMAR.attributeAliases?.[field] ?? field;
    if (!(name in LOGGED_MODEL_ATTRIBUTES)) throw new InvalidParameterError(`Invalid order by field name: ${field}`);
    return { field: name, ascending };
  }
  const [entity, key] = [field.slice(0, field.indexOf('.')), field.slice(field.indexOf('.') + 1)];
  if (entity !== 'metrics' || key === '') {
    throw new InvalidParameterError(`Invalid order by field name: ${field}. Only metrics are supported.`);
  }
  return { field: `metrics.${key}`, ascending };
}
