import { randomUUID } from 'node:crypto';
import {
  PromotionGatePolicy,
  InvalidParameterError,
  ModelStage,
  ResourceAlreadyExistsError,
  ResourceNotFoundError,
  ServiceUnavailableError,
} from '@llmops/contract';
import { HistoryEntry, ModelVersion, NewHistoryEntry, RegisteredModel, Tag } from '../domain/registry.model';
import { EvaluationRecord, GateStore, StoredGatePolicy } from '../gate/ports/gate-store.port';
import { Clock } from '../ports/clock.port';
import { RegistryEvents } from '../ports/registry-events.port';
import { LockedModel, NewRegisteredModel, RegistryStore, SearchQuery } from '../ports/registry.store';
import {
  ArtifactLocation,
  RunArtifactRoot,
  TrackedLoggedModel,
  TrackedRun,
  TrackingPort,
} from '../ports/tracking.port';

interface ModelState {
  model: RegisteredModel;
  lastVersion: number;
  versions: Map<number, ModelVersion>;
  history: HistoryEntry[];
}

interface State {
  models: Map<string, ModelState>;
  nextHistoryId: number;
}

/**
 * In-memory RegistryStore for unit tests: a per-model mutex stands for `SELECT ... FOR UPDATE`,
 * and a failing unit of work is rolled back (the state is restored from a copy).
 */
export class InMemoryRegistryStore extends RegistryStore {
  state: State = { models: new Map(), nextHistoryId: 1 };
  private readonly locks = new Map<string, Promise<void>>();

  async ping(): Promise<void> {}

  async createModel(m: NewRegisteredModel): Promise<RegisteredModel> {
    if (this.byName(m.name)) throw new ResourceAlreadyExistsError(`Registered model '${m.name}' already exists`);
    const model: RegisteredModel = {
      id: randomUUID(),
      name: m.name,
      description: m.description,
      userId: m.userId,
      createdAt: m.at,
      updatedAt: m.at,
      tags: [...m.tags],
      aliases: [],
    };
    this.state.models.set(model.id, { model, lastVersion: 0, versions: new Map(), history: [] });
    return structuredClone(model);
  }

  async findModel(name: string): Promise<RegisteredModel | null> {
    const s = this.byName(name);
    return s ? structuredClone(s.model) : null;
  }

  async searchModels(q: SearchQuery): Promise<RegisteredModel[]> {
    return [...this.state.models.values()]
      .filter((s) => q.visibleNames === undefined || q.visibleNames.includes(s.model.name))
      .map((s) => structuredClone(s.model))
      .sort((a, b) => a.name.localeCompare(b.name))
      .slice(q.offset, q.offset + q.limit);
  }

  async findVersion(name: string, version: number): Promise<ModelVersion | null> {
    const s = this.byName(name);
    const v = s?.versions.get(version);
    return v && s ? withAliases(s, v) : null;
  }

  async listVersions(name: string): Promise<ModelVersion[]> {
    const s = this.byName(name);
    return s ? [...s.versions.values()].sort((a, b) => a.version - b.version).map((v) => withAliases(s, v)) : [];
  }

  async searchVersions(q: SearchQuery): Promise<ModelVersion[]> {
    const all = [...this.state.models.values()]
      .filter((s) => q.visibleNames === undefined || q.visibleNames.includes(s.model.name))
      .flatMap((s) => [...s.versions.values()].map((v) => withAliases(s, v)));
    return all.slice(q.offset, q.offset + q.limit);
  }

  async history(name: string, version?: number): Promise<HistoryEntry[]> {
    const s = this.byName(name);
    return s ? structuredClone(s.history.filter((e) => version === undefined || e.version === version)) : [];
  }

  async withModel<T>(name: string, work: (locked: LockedModel) => Promise<T>): Promise<T> {
    const previous = this.locks.get(name) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    this.locks.set(
      name,
      previous.then(() => mine),
    );
    await previous;
    const s = this.byName(name);
    const snapshot = s && structuredClone(s);
    try {
      if (!s) throw new ResourceNotFoundError(`Registered model '${name}' not found`);
      return await work(new InMemoryLockedModel(this, s));
    } catch (error) {
      // Roll back this model only (other models may be changing concurrently).
      if (snapshot) this.state.models.set(snapshot.model.id, snapshot);
      throw error;
    } finally {
      release();
    }
  }

  byName(name: string): ModelState | undefined {
    return [...this.state.models.values()].find((s) => s.model.name === name);
  }
}

function withAliases(s: ModelState, v: ModelVersion): ModelVersion {
  return {
    ...structuredClone(v),
    name: s.model.name,
    aliases: s.model.aliases.filter((a) => a.version === v.version).map((a) => a.alias),
  };
}

class InMemoryLockedModel implements LockedModel {
  constructor(
    private readonly store: InMemoryRegistryStore,
    private readonly s: ModelState,
  ) {}

  get model(): RegisteredModel {
    return structuredClone(this.s.model);
  }

  private get live(): ModelState {
    // After a rollback elsewhere the state object is replaced; look ours up by id.
    return this.store.state.models.get(this.s.model.id) ?? this.s;
  }

  async versions(): Promise<ModelVersion[]> {
    return [...this.live.versions.values()].sort((a, b) => a.version - b.version).map((v) => withAliases(this.live, v));
  }

  async allocateVersionNumber(): Promise<number> {
    await new Promise((r) => setImmediate(r)); // let concurrent callers interleave, as a database would
    return ++this.live.lastVersion;
  }

  async addVersion(v: Omit<ModelVersion, 'aliases'>): Promise<void> {
    if (this.live.versions.has(v.version)) throw new Error(`duplicate version ${v.version}`);
    this.live.versions.set(v.version, { ...structuredClone(v), aliases: [] });
  }

  async updateVersion(version: number, patch: { stage?: ModelStage; description?: string; updatedAt: number }) {
    const v = this.live.versions.get(version);
    if (!v) return;
    if (patch.stage !== undefined) v.stage = patch.stage;
    if (patch.description !== undefined) v.description = patch.description;
    v.updatedAt = patch.updatedAt;
  }

  async removeVersion(version: number): Promise<void> {
    this.live.versions.delete(version);
    this.live.model.aliases = this.live.model.aliases.filter((a) => a.version !== version);
  }

  async setVersionTag(version: number, tag: Tag): Promise<void> {
    const v = this.live.versions.get(version);
    if (v) v.tags = [...v.tags.filter((t) => t.key !== tag.key), tag];
  }

  async deleteVersionTag(version: number, key: string): Promise<boolean> {
    const v = this.live.versions.get(version);
    const before = v?.tags.length ?? 0;
    if (v) v.tags = v.tags.filter((t) => t.key !== key);
    return (v?.tags.length ?? 0) < before;
  }

  async updateModel(patch: { name?: string; description?: string; updatedAt: number }): Promise<void> {
    if (patch.name !== undefined) {
      if (this.store.byName(patch.name) && patch.name !== this.live.model.name) {
        throw new ResourceAlreadyExistsError(`Registered model '${patch.name}' already exists`);
      }
      this.live.model.name = patch.name;
    }
    if (patch.description !== undefined) this.live.model.description = patch.description;
    this.live.model.updatedAt = patch.updatedAt;
  }

  async setModelTag(tag: Tag): Promise<void> {
    this.live.model.tags = [...this.live.model.tags.filter((t) => t.key !== tag.key), tag];
  }

  async deleteModelTag(key: string): Promise<boolean> {
    const before = this.live.model.tags.length;
    this.live.model.tags = this.live.model.tags.filter((t) => t.key !== key);
    return this.live.model.tags.length < before;
  }

  async removeModel(): Promise<void> {
    this.store.state.models.delete(this.live.model.id);
  }

  async setAlias(alias: string, version: number): Promise<void> {
    this.live.model.aliases = [...this.live.model.aliases.filter((a) => a.alias !== alias), { alias, version }];
  }

  async deleteAlias(alias: string): Promise<void> {
    this.live.model.aliases = this.live.model.aliases.filter((a) => a.alias !== alias);
  }

  async record(entries: NewHistoryEntry[]): Promise<void> {
    for (const e of entries) {
      this.live.history.push({
        ...structuredClone(e),
        id: String(this.store.state.nextHistoryId++),
        modelId: this.live.model.id,
        name: this.live.model.name,
      });
    }
  }
}

/** Tracking with a fixed set of runs; `down()` makes it unreachable. */
export class FakeTracking extends TrackingPort {
  readonly runs = new Map<string, TrackedRun>();
  reachable = true;
  calls = 0;

  addRun(runId: string, artifactUri = `file:///data/artifacts/1/${runId}/artifacts`): TrackedRun {
    const run: TrackedRun = {
      runId,
      runName: `run-${runId}`,
      experimentId: '1',
      status: 'FINISHED',
      startTime: 1,
      endTime: 2,
      artifactUri,
      userId: 'alice',
      lifecycleStage: 'active',
      params: [{ key: 'model', value: 't5-small' }],
      metrics: [{ key: 'rougeL', value: 0.42, timestamp: 2, step: 0 }],
      tags: [],
      datasets: [{ name: 'news', digest: 'abc', sourceType: 'local', source: '{"uri":"data/news"}', context: 'eval' }],
    };
    this.runs.set(runId, run);
    return run;
  }

  /** MLflow 3 logged models, by id: the run that produced each (if any). */
  readonly loggedModels = new Map<string, { experimentId: string; sourceRunId: string | null }>();

  async artifactRoot(runId: string): Promise<RunArtifactRoot> {
    const run = await this.getRun(runId);
    return {
      runId,
      artifactUri: run.artifactUri,
      servedUri: `mlflow-artifacts:/${run.experimentId}/${runId}/artifacts`,
      storageUri: run.artifactUri,
      lifecycleStage: run.lifecycleStage,
    };
  }

  /** As tracking does: runs:/, models:/<model_id>, and the proxy's paths of runs and logged models. */
  async resolveLocation(uri: string): Promise<ArtifactLocation> {
    if (!this.reachable)
      throw new ServiceUnavailableError("No service is answering 'tracking.v1.artifacts.resolve-location'");
    const run =
      /^runs:\/([^/]+)\/(.+)$/.exec(uri) ?? /^mlflow-artifacts:\/\d+\/([^/]+)\/artifacts(?:\/(.*))?$/.exec(uri);
    if (run && run[1] !== 'models') {
      const root = await this.artifactRoot(run[1]);
      const owner = { kind: 'run' as const, id: run[1], experimentId: '1' };
      return {
        owner,
        lifecycleStage: root.lifecycleStage,
        servedUri: run[2] ? `${root.servedUri}/${run[2]}` : root.servedUri,
      };
    }
    const model =
      /^models:\/(m-[0-9a-f]{32})$/.exec(uri) ??
      /^mlflow-artifacts:\/\d+\/models\/(m-[0-9a-f]{32})\/artifacts(?:\/(.*))?$/.exec(uri);
    if (model) {
      const found = this.loggedModels.get(model[1]);
      if (!found) throw new ResourceNotFoundError(`Logged model with ID '${model[1]}' not found.`);
      const root = `mlflow-artifacts:/${found.experimentId}/models/${model[1]}/artifacts`;
      return {
        owner: { kind: 'logged_model', id: model[1], experimentId: found.experimentId },
        lifecycleStage: 'active',
        servedUri: model[2] ? `${root}/${model[2]}` : root,
      };
    }
    throw new InvalidParameterError(`Cannot resolve artifact location '${uri}'`);
  }

  async loggedModel(modelId: string): Promise<TrackedLoggedModel> {
    const found = this.loggedModels.get(modelId);
    if (!found) throw new ResourceNotFoundError(`Logged model with ID '${modelId}' not found.`);
    return { modelId, ...found };
  }

  async getRun(runId: string): Promise<TrackedRun> {
    this.calls += 1;
    if (!this.reachable) throw new ServiceUnavailableError("No service is answering 'tracking.v1.runs.get'");
    const run = this.runs.get(runId);
    if (!run) throw new ResourceNotFoundError(`Run '${runId}' does not exist`);
    return structuredClone(run);
  }
}

export class RecordingEvents extends RegistryEvents {
  readonly published: Array<{ subject: string; payload: Record<string, unknown> }> = [];

  async publish(subject: string, payload: object): Promise<void> {
    this.published.push({ subject, payload: structuredClone(payload) as Record<string, unknown> });
  }
}

/** A clock the test moves by hand. */
export class ManualClock extends Clock {
  constructor(public time = 1_000) {
    super();
  }

  now(): number {
    return this.time;
  }

  advance(ms = 1000): number {
    this.time += ms;
    return this.time;
  }
}

/** The gate's records in memory (policies by model name, evaluations by run id). */
export class InMemoryGateStore extends GateStore {
  readonly policies = new Map<string, StoredGatePolicy>();
  readonly evaluations: EvaluationRecord[] = [];

  async policyOf(name: string): Promise<StoredGatePolicy | null> {
    return this.policies.get(name) ?? null;
  }

  async setPolicy(name: string, policy: PromotionGatePolicy, userId: string, at: number): Promise<StoredGatePolicy> {
    const stored = { policy, userId, updatedAt: at };
    this.policies.set(name, stored);
    return stored;
  }

  async recordEvaluation(record: EvaluationRecord): Promise<void> {
    this.evaluations.push(record);
  }

  async evaluation(runId: string): Promise<EvaluationRecord | null> {
    return this.evaluations.find((e) => e.runId === runId) ?? null;
  }

  async evaluationsOf(name: string, version: number): Promise<EvaluationRecord[]> {
    return this.evaluations
      .filter((e) => e.name === name && e.version === version)
      .sort((a, b) => b.recordedAt - a.recordedAt);
  }
}
