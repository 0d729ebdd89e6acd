import { AttributeKind, SearchGrammar } from '../../shared/search/search-filter';

/** search_logged_models' attributes (MLflow's `SearchLoggedModelsUtils`), with their aliases. */
export const LOGGED_MODEL_ATTRIBUTES: Readonly<Record<string, AttributeKind>> = {
  name: 'string',
  model_id: 'string',
  model_type: 'string',
  status: 'string',
  source_run_id: 'string',
  creation_timestamp: 'number',
  last_updated_timestamp: 'number',
};

export const LOGGED_MODEL_SEARCH_GRAMMAR: SearchGrammar = {
  entities: ['metric', 'param', 'tag', 'attribute'],
  attributes: LOGGED_MODEL_ATTRIBUTES,
  attributeAliases: {
    creation_time: 'creation_timestamp',
    creation_timestamp_ms: 'creation_timestamp',
    last_updated_time: 'last_updated_timestamp',
    last_updated_timestamp_ms: 'last_updated_timestamp',
  },
};
