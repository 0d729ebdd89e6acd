import { ResourceAlreadyExistsError } from '@llmops/contract';
import { Experiment, LifecycleStage, Tag } from '../experiments/domain/experiment';
import { ExperimentQuery, ExperimentRepository } from '../experiments/domain/experiment.repository';
import { LoggedModel, ModelOutput } from '../logged-models/domain/logged-model';
import { LoggedModelQuery, LoggedModelRepository } from '../logged-models/domain/logged-model.repository';
import { Prediction } from '../predictions/domain/prediction';
import { PredictionRepository } from '../predictions/domain/prediction.repository';
import { compareDoubles, DatasetInput, isLaterMetric, Metric, Param, Run, RunInfo } from '../runs/domain/run';
import { RunQuery, RunRepository } from '../runs/domain/run.repository';
import { Clock } from '../shared/clock';
import { Comparison } from '../shared/search/search-filter';
import { TrackingRepositories, TrackingStore } from '../store/tracking-store';

interface State {
  nextExperimentId: number;
  experiments: Map<string, Experiment>;
  runs: Map<string, { info: RunInfo; params: Param[]; tags: Tag[]; history: Metric[]; inputs: DatasetInput[] }>;
  predictions: Map<string, Prediction[]>;
  loggedModels: Map<string, LoggedModel>;
  outputs: Map<string, ModelOutput[]>;
}

/**
 * A fake of the persistence ports for unit tests: the same contracts in memory, with
 * transactions that roll back (the state is restored when the work throws).
 */
export class InMemoryTrackingStore extends TrackingStore {
  state: State = {
    nextExperimentId: 1,
    experiments: new Map([
      [
        '0',
        {
          id: '0',
          name: 'Default',
          artifactLocation: 'file:///artifacts/0',
          lifecycleStage: 'active',
          creationTime: 0,
          lastUpdateTime: 0,
          tags: [],
        },
      ],
    ]),
    runs: new Map(),
    predictions: new Map(),
    loggedModels: new Map(),
    outputs: new Map(),
  };
  transactions = 0;

  async transaction<T>(work: (repos: TrackingRepositories) => Promise<T>): Promise<T> {
    this.transactions += 1;
    const saved = this.snapshot();
    try {
      return await work({
        experiments: new FakeExperiments(this.state),
        runs: new FakeRuns(this.state),
        predictions: new FakePredictions(this.state),
        loggedModels: new FakeLoggedModels(this.state),
      });
    } catch (error) {
      this.state = saved;
      throw error;
    }
  }

  async ping(): Promise<void> {}

  /** A deep copy of the state (Maps rebuilt here: structuredClone's Maps confuse Jest's equality). */
  snapshot(): State {
    const copy = <K, V>(m: Map<K, V>) => new Map([...m].map(([k, v]) => [k, structuredClone(v)] as [K, V]));
    return {
      nextExperimentId: this.state.nextExperimentId,
      experiments: copy(this.state.experiments),
      runs: copy(this.state.runs),
      predictions: copy(this.state.predictions),
      loggedModels: copy(this.state.loggedModels),
      outputs: copy(this.state.outputs),
    };
  }
}

export class FixedClock extends Clock {
  constructor(public time = 1_700_000_000_000) {
    super();
  }

  now(): number {
    return this.time;
  }
}

function matches(value: string | number | undefined, c: Comparison): boolean {
  if (value === undefined) return false;
  const target = c.value;
  const like = (pattern: string, flags: string) =>
    new RegExp(
      `^${pattern
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/%/g, '.*')
        .replace(/_/g, '.')}$`,
      flags,
    );
  switch (c.comparator) {
    case '=':
      return value === target;
    case '!=':
      return value !== target;
    case '<':
      return Number(value) < (target as number);
    case '<=':
      return Number(value) <= (target as number);
    case '>':
      return Number(value) > (target as number);
    case '>=':
      return Number(value) >= (target as number);
    case 'LIKE':
      return like(target as string, '').test(String(value));
    case 'ILIKE':
      return like(target as string, 'i').test(String(value));
    case 'IN':
      return (target as string[]).includes(String(value));
    case 'NOT IN':
      return !(target as string[]).includes(String(value));
  }
}

class FakeExperiments extends ExperimentRepository {
  constructor(private readonly s: State) {
    super();
  }

  async nextId() {
    return String(this.s.nextExperimentId++);
  }

  async insert(e: Experiment) {
    if ([...this.s.experiments.values()].some((x) => x.name === e.name)) {
      throw new ResourceAlreadyExistsError(`Experiment '${e.name}' already exists.`);
    }
    this.s.experiments.set(e.id, structuredClone(e));
  }

  async findById(id: string) {
    const e = this.s.experiments.get(id);
    return e ? structuredClone(e) : null;
  }

  async findByName(name: string) {
    const e = [...this.s.experiments.values()].find((x) => x.name === name);
    return e ? structuredClone(e) : null;
  }

  async update(e: Experiment) {
    const current = this.s.experiments.get(e.id)!;
    Object.assign(current, { name: e.name, lifecycleStage: e.lifecycleStage, lastUpdateTime: e.lastUpdateTime });
  }

  async setTag(id: string, tag: Tag) {
    const e = this.s.experiments.get(id)!;
    e.tags = [...e.tags.filter((t) => t.key !== tag.key), tag].sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  async deleteTag(id: string, key: string) {
    const e = this.s.experiments.get(id)!;
    const had = e.tags.some((t) => t.key === key);
    e.tags = e.tags.filter((t) => t.key !== key);
    return had;
  }

  async stageOf(id: string): Promise<LifecycleStage | null> {
    return this.s.experiments.get(id)?.lifecycleStage ?? null;
  }

  async search(q: ExperimentQuery) {
    return [...this.s.experiments.values()]
      .filter((e) => q.view === 'ALL' || (q.view === 'ACTIVE_ONLY') === (e.lifecycleStage === 'active'))
      .filter((e) => q.visibleIds === undefined || q.visibleIds.includes(e.id))
      .filter((e) =>
        q.comparisons.every((c) =>
          c.entity === 'tag' ? matches(e.tags.find((t) => t.key === c.key)?.value, c) : matches(e.name, c),
        ),
      )
      .sort((a, b) => b.creationTime - a.creationTime || Number(a.id) - Number(b.id))
      .slice(q.offset, q.offset + q.limit)
      .map((e) => structuredClone(e));
  }
}

class FakeRuns extends RunRepository {
  constructor(private readonly s: State) {
    super();
  }

  async insert(info: RunInfo, tags: Tag[]) {
    this.s.runs.set(info.runId, { info: { ...info }, params: [], tags: [...tags], history: [], inputs: [] });
  }

  async findInfo(runId: string) {
    const r = this.s.runs.get(runId);
    return r ? { ...r.info } : null;
  }

  async findRun(runId: string): Promise<Run | null> {
    const r = this.s.runs.get(runId);
    if (!r) return null;
    const latest = new Map<string, Metric>();
    for (const m of r.history) {
      const current = latest.get(m.key);
      if (!current || isLaterMetric(m, current)) latest.set(m.key, m);
    }
    const byKey = <T extends { key: string }>(a: T, b: T) => (a.key < b.key ? -1 : 1);
    return structuredClone({
      info: r.info,
      params: [...r.params].sort(byKey),
      tags: [...r.tags].sort(byKey),
      latestMetrics: [...latest.values()].sort(byKey),
      inputs: r.inputs,
    });
  }

  async findRuns(ids: string[]) {
    const runs = await Promise.all(ids.map((id) => this.findRun(id)));
    return runs.filter((r): r is Run => r !== null);
  }

  async updateInfo(info: RunInfo) {
    this.s.runs.get(info.runId)!.info = { ...info };
  }

  async deleteRunsOfExperiment(experimentId: string, deletedTime: number) {
    for (const r of this.s.runs.values()) {
      if (r.info.experimentId === experimentId && r.info.lifecycleStage === 'active') {
        r.info = { ...r.info, lifecycleStage: 'deleted', deletedTime };
      }
    }
  }

  async restoreRunsOfExperiment(experimentId: string, deletedTime: number) {
    for (const r of this.s.runs.values()) {
      if (
        r.info.experimentId === experimentId &&
        r.info.lifecycleStage === 'deleted' &&
        r.info.deletedTime === deletedTime
      ) {
        r.info = { ...r.info, lifecycleStage: 'active', deletedTime: null };
      }
    }
  }

  async findParams(runId: string, keys: string[]) {
    return this.s.runs.get(runId)!.params.filter((p) => keys.includes(p.key));
  }

  async insertParams(runId: string, params: Param[]) {
    const run = this.s.runs.get(runId)!;
    for (const p of params) {
      if (run.params.some((x) => x.key === p.key)) throw new Error(`duplicate key ${p.key}`);
      run.params.push({ ...p });
    }
  }

  async upsertTags(runId: string, tags: Tag[]) {
    const run = this.s.runs.get(runId)!;
    for (const t of tags) run.tags = [...run.tags.filter((x) => x.key !== t.key), { ...t }];
  }

  async deleteTag(runId: string, key: string) {
    const run = this.s.runs.get(runId)!;
    const had = run.tags.some((t) => t.key === key);
    run.tags = run.tags.filter((t) => t.key !== key);
    return had;
  }

  async insertMetrics(runId: string, metrics: Metric[]) {
    const run = this.s.runs.get(runId)!;
    for (const m of metrics) {
      const dup = run.history.some(
        (h) =>
          h.key === m.key && h.step === m.step && h.timestamp === m.timestamp && compareDoubles(h.value, m.value) === 0,
      );
      if (!dup) run.history.push({ ...m });
    }
  }

  async metricHistory(runId: string, key: string, offset: number, limit: number) {
    // As the SQL store: step, timestamp, then value (an entry is unique by all of them).
    return this.s.runs
      .get(runId)!
      .history.filter((m) => m.key === key)
      .sort((a, b) => a.step - b.step || a.timestamp - b.timestamp || compareDoubles(a.value, b.value))
      .slice(offset, offset + limit)
      .map((m) => ({ ...m }));
  }

  async addInputs(runId: string, _experimentId: string, inputs: DatasetInput[]) {
    const run = this.s.runs.get(runId)!;
    for (const input of inputs) {
      const same = run.inputs.find(
        (i) => i.dataset.name === input.dataset.name && i.dataset.digest === input.dataset.digest,
      );
      if (same) same.tags = [...same.tags.filter((t) => !input.tags.some((n) => n.key === t.key)), ...input.tags];
      else run.inputs.push(structuredClone(input));
    }
  }

  async search(q: RunQuery) {
    const runs = await this.findRuns([...this.s.runs.keys()]);
    const value = (run: Run, c: { entity: string; key: string }): string | number | undefined => {
      if (c.entity === 'metric') return run.latestMetrics.find((m) => m.key === c.key)?.value;
      if (c.entity === 'param') return run.params.find((p) => p.key === c.key)?.value;
      if (c.entity === 'tag') return run.tags.find((t) => t.key === c.key)?.value;
      const attributes: Record<string, string | number | null> = {
        run_id: run.info.runId,
        run_name: run.info.runName,
        status: run.info.status,
        user_id: run.info.userId,
        start_time: run.info.startTime,
        end_time: run.info.endTime,
      };
      return attributes[c.key] ?? undefined;
    };
    return runs
      .filter((r) => q.experimentIds.includes(r.info.experimentId))
      .filter((r) => q.view === 'ALL' || (q.view === 'ACTIVE_ONLY') === (r.info.lifecycleStage === 'active'))
      .filter((r) => q.comparisons.every((c) => matches(value(r, c), c)))
      .sort((a, b) => {
        for (const o of q.orderBy) {
          const [x, y] = [value(a, o), value(b, o)];
          if (x === y) continue;
          if (x === undefined) return 1;
          if (y === undefined) return -1;
          return (x < y ? -1 : 1) * (o.ascending ? 1 : -1);
        }
        return b.info.startTime - a.info.startTime || (a.info.runId < b.info.runId ? -1 : 1);
      })
      .slice(q.offset, q.offset + q.limit)
      .map((r) => r.info.runId);
  }
}

class FakePredictions extends PredictionRepository {
  constructor(private readonly s: State) {
    super();
  }

  async nextRowIndex(runId: string) {
    return this.s.predictions.get(runId)?.length ?? 0;
  }

  async append(runId: string, rows: Prediction[]) {
    this.s.predictions.set(runId, [...(this.s.predictions.get(runId) ?? []), ...structuredClone(rows)]);
  }

  async list(runId: string, offset: number, limit: number) {
    return structuredClone((this.s.predictions.get(runId) ?? []).slice(offset, offset + limit));
  }
}

class FakeLoggedModels extends LoggedModelRepository {
  constructor(private readonly s: State) {
    super();
  }

  async insert(model: LoggedModel): Promise<void> {
    this.s.loggedModels.set(model.modelId, structuredClone(model));
  }

  async find(modelId: string, options: { includeDeleted?: boolean } = {}): Promise<LoggedModel | null> {
    const m = this.s.loggedModels.get(modelId);
    if (!m || (!options.includeDeleted && m.lifecycleStage !== 'active')) return null;
    return structuredClone(m);
  }

  async update(model: LoggedModel): Promise<void> {
    const m = this.s.loggedModels.get(model.modelId);
    if (m) Object.assign(m, { ...model, params: m.params, tags: m.tags });
  }

  async upsertTags(modelId: string, tags: Tag[]): Promise<void> {
    const m = this.s.loggedModels.get(modelId)!;
    for (const t of tags) m.tags = [...m.tags.filter((x) => x.key !== t.key), { ...t }];
    m.tags.sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  async deleteTag(modelId: string, key: string): Promise<boolean> {
    const m = this.s.loggedModels.get(modelId)!;
    const before = m.tags.length;
    m.tags = m.tags.filter((t) => t.key !== key);
    return m.tags.length < before;
  }

  async findParams(modelId: string, keys: string[]): Promise<Param[]> {
    return (this.s.loggedModels.get(modelId)?.params ?? []).filter((p) => keys.includes(p.key));
  }

  async insertParams(modelId: string, params: Param[]): Promise<void> {
    const m = this.s.loggedModels.get(modelId)!;
    for (const p of params) if (!m.params.some((x) => x.key === p.key)) m.params.push({ ...p });
    m.params.sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  /** Attributes, params and tags as the SQL does; metrics match nothing (none are linked). */
  async search(query: LoggedModelQuery): Promise<string[]> {
    const value = (m: LoggedModel, c: Comparison): string | number | undefined => {
      if (c.entity === 'param') return m.params.find((p) => p.key === c.key)?.value;
      if (c.entity === 'tag') return m.tags.find((t) => t.key === c.key)?.value;
      if (c.entity !== 'attribute') return undefined;
      const attributes: Record<string, string | number | null> = {
        name: m.name,
        model_id: m.modelId,
        model_type: m.modelType,
        status: m.status,
        source_run_id: m.sourceRunId,
        creation_timestamp: m.creationTimestamp,
        last_updated_timestamp: m.lastUpdatedTimestamp,
      };
      return attributes[c.key] ?? undefined;
    };
    return [...this.s.loggedModels.values()]
      .filter((m) => m.lifecycleStage === 'active' && query.experimentIds.includes(m.experimentId))
      .filter((m) => query.comparisons.every((c) => matches(value(m, c), c)))
      .sort((a, b) => b.creationTimestamp - a.creationTimestamp || (a.modelId < b.modelId ? -1 : 1))
      .slice(query.offset, query.offset + query.limit)
      .map((m) => m.modelId);
  }

  async findMany(modelIds: string[]): Promise<LoggedModel[]> {
    return modelIds.map((id) => this.s.loggedModels.get(id)).filter((m): m is LoggedModel => m !== undefined);
  }

  async findBySourceRun(runId: string, name: string): Promise<LoggedModel[]> {
    return [...this.s.loggedModels.values()].filter(
      (m) => m.sourceRunId === runId && m.name === name && m.lifecycleStage === 'active',
    );
  }

  async addOutputs(runId: string, outputs: ModelOutput[]): Promise<void> {
    const list = this.s.outputs.get(runId) ?? [];
    for (const o of outputs) if (!list.some((x) => x.modelId === o.modelId && x.step === o.step)) list.push({ ...o });
    this.s.outputs.set(runId, list);
  }

  async outputsOf(runId: string): Promise<ModelOutput[]> {
    return [...(this.s.outputs.get(runId) ?? [])];
  }
}
