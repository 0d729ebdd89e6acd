import { Comparison, OrderClause } from '../../shared/search/search-filter';
import { ViewFilter } from '../../experiments/domain/experiment.repository';
import { Tag } from '../../experiments/domain/experiment';
import { DatasetInput, Metric, Param, Run, RunInfo } from './run';

export interface RunQuery {
  experimentIds: string[];
  comparisons: Comparison[];
  orderBy: OrderClause[];
  view: ViewFilter;
  offset: number;
  /** Rows to read (callers ask for one more than the page to detect a next page). */
  limit: number;
}

/** Persistence port of runs and what is logged to them (bound to one transaction). */
export abstract class RunRepository {
  abstract insert(info: RunInfo, tags: Tag[]): Promise<void>;
  /** With `lock`, the run row is locked until the transaction ends (serialises writers of a run). */
  /**
   * `lock`: hold the run's row until the transaction ends (FOR UPDATE); with `shared`, a lock
   * other writers of metrics share but that keeps the run from changing (FOR SHARE).
   */
  abstract findInfo(runId: string, options?: { lock?: boolean; shared?: boolean }): Promise<RunInfo | null>;
  abstract findRun(runId: string): Promise<Run | null>;
  /** Full runs in the order of the ids given (unknown ids skipped). */
  abstract findRuns(runIds: string[]): Promise<Run[]>;
  abstract updateInfo(info: RunInfo): Promise<void>;
  /** Marks the experiment's active runs deleted at `deletedTime` (MLflow does so on experiment delete). */
  abstract deleteRunsOfExperiment(experimentId: string, deletedTime: number): Promise<void>;
  /** Restores the runs deleted together with the experiment (same `deletedTime`). */
  abstract restoreRunsOfExperiment(experimentId: string, deletedTime: number): Promise<void>;

  abstract findParams(runId: string, keys: string[]): Promise<Param[]>;
  abstract insertParams(runId: string, params: Param[]): Promise<void>;
  abstract upsertTags(runId: string, tags: Tag[]): Promise<void>;
  abstract deleteTag(runId: string, key: string): Promise<boolean>;
  /** Appends to each key's history (exact duplicates ignored) and keeps the latest value per key. */
  abstract insertMetrics(runId: string, metrics: Metric[]): Promise<void>;
  /** History of one key: step, timestamp, then logging order. */
  abstract metricHistory(runId: string, key: string, offset: number, limit: number): Promise<Metric[]>;
  /** Records dataset inputs; a dataset is stored once per experiment (name + digest), as MLflow. */
  abstract addInputs(runId: string, experimentId: string, inputs: DatasetInput[]): Promise<void>;
  /** Ids of the matching runs, in order, for one page. */
  abstract search(query: RunQuery): Promise<string[]>;
}
