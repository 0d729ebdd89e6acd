import { cp, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { LoggedModelSpec, PredictionRecord, TrackingSink } from '../tracking/tracking-sink';

interface RunRecord {
  tags: Map<string, string>;
  params: Map<string, string>;
  metrics: Array<{ key: string; value: number; step: number }>;
  predictions: PredictionRecord[];
  /** Artifact path -> local copy of the uploaded directory. */
  artifacts: Map<string, string>;
}

/** A TrackingSink that keeps everything in memory (uploads are copied to a temp dir): for tests. */
export class InMemoryTrackingSink extends TrackingSink {
  readonly runs = new Map<string, RunRecord>();
  readonly loggedModels = new Map<string, LoggedModelSpec & { runId: string; status: string }>();

  run(runId: string): RunRecord {
    let run = this.runs.get(runId);
    if (!run) {
      run = { tags: new Map(), params: new Map(), metrics: [], predictions: [], artifacts: new Map() };
      this.runs.set(runId, run);
    }
    return run;
  }

  async uploadArtifacts(runId: string, localDir: string, artifactPath: string): Promise<void> {
    const copy = await mkdtemp(join(tmpdir(), 'llmops-fake-artifacts-'));
    await cp(localDir, copy, { recursive: true });
    this.run(runId).artifacts.set(artifactPath, copy);
  }

  async getTag(runId: string, key: string): Promise<string | undefined> {
    return this.run(runId).tags.get(key);
  }

  async setTag(runId: string, key: string, value: string): Promise<void> {
    this.run(runId).tags.set(key, value);
  }

  async logParams(runId: string, params: Record<string, string>): Promise<void> {
    const run = this.run(runId);
    for (const [key, value] of Object.entries(params)) {
      // MLflow params are write-once.
      if (run.params.has(key) && run.params.get(key) !== value) {
        throw new Error(`param ${key} already logged with a different value`);
      }
      run.params.set(key, value);
    }
  }

  async logMetrics(runId: string, metrics: Record<string, number>, step = 0): Promise<void> {
    for (const [key, value] of Object.entries(metrics)) this.run(runId).metrics.push({ key, value, step });
  }

  async createLoggedModel(runId: string, model: LoggedModelSpec): Promise<string> {
    const modelId = `m-${(this.loggedModels.size + 1).toString(16).padStart(32, '0')}`;
    this.loggedModels.set(modelId, { ...model, runId, status: 'PENDING' });
    return modelId;
  }

  async finalizeLoggedModel(modelId: string, status: 'READY' | 'FAILED'): Promise<void> {
    const model = this.loggedModels.get(modelId);
    if (!model) throw new Error(`no logged model ${modelId}`);
    model.status = status;
  }

  async logPredictions(runId: string, rows: PredictionRecord[]): Promise<void> {
    this.run(runId).predictions.push(...rows.map((r) => ({ ...r })));
  }

  /** Latest value of each metric of a run. */
  metricsOf(runId: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const m of this.run(runId).metrics) out[m.key] = m.value;
    return out;
  }

  /** Relative paths of the files uploaded under an artifact path. */
  async artifactFiles(runId: string, artifactPath: string): Promise<string[]> {
    const root = this.run(runId).artifacts.get(artifactPath);
    if (!root) return [];
    const out: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else out.push(relative(root, path));
      }
    };
    await walk(root);
    return out.sort();
  }

  async readArtifact(runId: string, artifactPath: string, file: string): Promise<string> {
    return readFile(join(this.run(runId).artifacts.get(artifactPath) ?? '/nonexistent', file), 'utf8');
  }
}
