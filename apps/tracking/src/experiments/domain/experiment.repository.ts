import { Comparison, OrderClause } from '../../shared/search/search-filter';
import { Experiment, LifecycleStage, Tag } from './experiment';

export type ViewFilter = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

export interface ExperimentQuery {
  comparisons: Comparison[];
  orderBy: OrderClause[];
  view: ViewFilter;
  offset: number;
  /** Rows to read (callers ask for one more than the page to detect a next page). */
  limit: number;
  /** Only these experiments (what the caller may read); undefined: every one. */
  visibleIds?: string[];
}

/** Persistence port of experiments (bound to one transaction, see TrackingStore). */
export abstract class ExperimentRepository {
  /** The next experiment id from the database sequence. */
  abstract nextId(): Promise<string>;
  /** Throws RESOURCE_ALREADY_EXISTS when the name is taken (by any experiment, deleted or not). */
  abstract insert(experiment: Experiment): Promise<void>;
  abstract findById(id: string, options?: { lock?: boolean }): Promise<Experiment | null>;
  abstract findByName(name: string): Promise<Experiment | null>;
  /** Saves name, lifecycle stage, last update time; RESOURCE_ALREADY_EXISTS on a name clash. */
  abstract update(experiment: Experiment): Promise<void>;
  abstract setTag(experimentId: string, tag: Tag): Promise<void>;
  /** False when there was no such tag. */
  abstract deleteTag(experimentId: string, key: string): Promise<boolean>;
  abstract search(query: ExperimentQuery): Promise<Experiment[]>;
  /** Lifecycle stage only, for the run use cases that just need to know. */
  abstract stageOf(id: string): Promise<LifecycleStage | null>;
}
