import { Tag } from '../../experiments/domain/experiment';
import { Param } from '../../runs/domain/run';
import { Comparison } from '../../shared/search/search-filter';
import { LoggedModel, ModelOutput } from './logged-model';

export interface LoggedModelOrder {
  /** An attribute's name, or `metrics.<key>`. */
  field: string;
  ascending: boolean;
}

export interface LoggedModelQuery {
  experimentIds: string[];
  comparisons: Comparison[];
  orderBy: LoggedModelOrder[];
  offset: number;
  /** Rows to read (callers ask for one more than the page to detect a next page). */
  limit: number;
}

/** Persistence port of logged models (bound to one transaction, see TrackingStore). */
export abstract class LoggedModelRepository {
  abstract insert(model: LoggedModel): Promise<void>;
  /** Active models only unless `includeDeleted`; with `lock`, the row is locked until commit. */
  abstract find(modelId: string, options?: { lock?: boolean; includeDeleted?: boolean }): Promise<LoggedModel | null>;
  /** Status, status message, lifecycle stage and last update time. */
  abstract update(model: LoggedModel): Promise<void>;
  abstract upsertTags(modelId: string, tags: Tag[]): Promise<void>;
  /** False when there was no such tag. */
  abstract deleteTag(modelId: string, key: string): Promise<boolean>;
  abstract findParams(modelId: string, keys: string[]): Promise<Param[]>;
  abstract insertParams(modelId: string, params: Param[]): Promise<void>;
  /** Ids of the matching active models, in order, for one page. */
  abstract search(query: LoggedModelQuery): Promise<string[]>;
  /** Full models in the order of the ids given. */
  abstract findMany(modelIds: string[]): Promise<LoggedModel[]>;
  /** Active models a run produced with this name (MLflow 3 resolves `runs:/<run>/<name>` to them). */
  abstract findBySourceRun(runId: string, name: string): Promise<LoggedModel[]>;
  abstract addOutputs(runId: string, outputs: ModelOutput[]): Promise<void>;
  abstract outputsOf(runId: string): Promise<ModelOutput[]>;
}
