import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GateRejectedError, LlmopsError } from '@llmops/contract';
import {
  createSummarizer,
  datasetDigest,
  loadJsonlDataset,
  logModel,
  runPipelineOnDataset,
  type DatasetRow,
} from '@llmops/pipeline';
import { HttpTrackingSink } from '../client/http-tracking-sink';
import { GatePolicy, ModelVersionJson, PlatformClient } from '../client/platform-client';
import { Candidate } from './candidates';
import { formatTable, Reporter } from './reporter';

export const MODEL_NAME = 'news-summarizer';
export const DEV_EXPERIMENT = 'news-summarization-dev';

/** The policy a candidate must meet to reach Production (F1 in 0..1, latency in ms). */
export const DEFAULT_GATE: Required<GatePolicy> = {
  min_rouge_l: 0.15,
  min_rouge_2: 0.05,
  max_latency_p95_ms: 10_000,
  max_failure_rate: 0.02,
  max_regression_vs_champion: 0.01,
};

export interface WalkthroughInputs {
  candidates: Candidate[];
  devDataset: string;
  evalDataset: string;
  /** The production dataset, a local file: uploaded to the platform before the batch job reads it. */
  prodDataset: string;
  /** The production table, by name under the platform's table roots (or an absolute path under one). */
  table: string;
  devLimit?: number;
  evalLimit?: number;
  partitionSize: number;
  gate: GatePolicy;
}

export interface CandidateOutcome {
  candidate: string;
  label: string;
  dev_run_id: string | null;
  dev_metrics: Record<string, number>;
  version: string | null;
  evaluation_run_id: string | null;
  evaluation: Record<string, number>;
  gate: { passed: boolean; reasons: string[] };
  verdict: 'promoted' | 'passed-not-best' | 'passed-champion-kept' | 'rejected' | 'error';
  error?: string;
}

export interface WalkthroughResult {
  walkthrough_id: string;
  gateway: string;
  runs: Array<{ run_id: string; candidate: string; stage: 'dev' | 'staging' }>;
  candidates: CandidateOutcome[];
  promoted: { name: string; version: string } | null;
  production: { name: string; version: string } | null;
  champion_kept: boolean;
  batch: {
    job_id: string;
    state: string;
    model_uri: string;
    model_version: string | null;
    rows_written: number;
    rows_failed: number;
    throughput_rows_per_s: number | null;
  } | null;
  /** Where the job wrote: the table's name, its location on the platform's machine, and its size. */
  table: { name: string; path: string; version: number | null; rows: number | null } | null;
  /** The dataset as uploaded (content-addressed: a re-run finds the same bytes there). */
  dataset: { name: string; uploaded: boolean; rows: number | null } | null;
}

/**
 * The dev -> staging -> prod walkthrough, driven entirely through the gateway's REST API: the same
 * code runs against the embedded platform and a deployed one.
 */
export class Walkthrough {
  private readonly sink: HttpTrackingSink;
  private readonly id = randomBytes(4).toString('hex');

  constructor(
    private readonly platform: PlatformClient,
    private readonly report: Reporter,
  ) {
    this.sink = new HttpTrackingSink(platform);
  }

  async run(inputs: WalkthroughInputs): Promise<WalkthroughResult> {
    const result: WalkthroughResult = {
      walkthrough_id: this.id,
      gateway: this.platform.http.url,
      runs: [],
      candidates: [],
      promoted: null,
      production: null,
      champion_kept: false,
      batch: null,
      table: null,
      dataset: null,
    };
    await this.dev(inputs, result);
    await this.staging(inputs, result);
    await this.prod(inputs, result);
    return result;
  }

  // --- 1. dev ---------------------------------------------------------------------------------

  private async dev(inputs: WalkthroughInputs, result: WalkthroughResult): Promise<void> {
    this.report.stage('1/3 Dev: build candidate pipelines, run them on a dev sample, log everything');
    const rows = limit(await loadJsonlDataset(inputs.devDataset), inputs.devLimit);
    const digest = datasetDigest(rows);
    this.report.info(`dataset ${inputs.devDataset}: ${rows.length} articles, digest ${digest}`);
    const experiment = await this.platform.getOrCreateExperiment(DEV_EXPERIMENT);
    this.report.info(`experiment '${experiment.name}' (id ${experiment.experiment_id})`);

    for (const candidate of inputs.candidates) {
      const outcome: CandidateOutcome = {
        candidate: candidate.key,
        label: candidate.label,
        dev_run_id: null,
        dev_metrics: {},
        version: null,
        evaluation_run_id: null,
        evaluation: {},
        gate: { passed: false, reasons: [] },
        verdict: 'error',
      };
      result.candidates.push(outcome);
      this.report.info('');
      this.report.info(`candidate ${candidate.key}: ${candidate.label}`);
      if (candidate.note) this.report.warn(candidate.note);
      let runId: string | undefined;
      try {
        const summarizer = await createSummarizer(candidate.spec);
        try {
          const run = await this.platform.createRun(experiment.experiment_id, `dev-${candidate.key}-${this.id}`, {
            'walkthrough.stage': 'dev',
            'walkthrough.candidate': candidate.key,
            'walkthrough.id': this.id,
          });
          runId = run.info.run_id;
          outcome.dev_run_id = runId;
          result.runs.push({ run_id: runId, candidate: candidate.key, stage: 'dev' });
          await this.platform.logDataset(
            runId,
            { name: 'wikinews-dev', digest, source: inputs.devDataset, rows: rows.length },
            'development',
          );
          const bar = this.report.progress(`summarizing (${candidate.key})`, rows.length);
          const report = await runPipelineOnDataset(this.sink, runId, summarizer, rows, undefined, {
            datasetName: 'wikinews-dev',
            onProgress: (done) => bar.update(done),
          });
          bar.stop();
          outcome.dev_metrics = report.metrics;
          await this.platform.exportPredictions(runId);
          // Also an MLflow 3 logged model of the run, named after the candidate (search_logged_models shows which).
          await logModel(this.sink, runId, summarizer, 'model', { name: candidate.key });
          await this.platform.endRun(runId, 'FINISHED');
          this.report.info(
            `run ${runId}: ${rows.length} queries logged, p50 ${fmt(report.latency.p50)} ms, ` +
              `p95 ${fmt(report.latency.p95)} ms, failures ${report.failures}` +
              (report.rouge ? `, dev ROUGE-L ${fmt(report.rouge.rougeL)}` : '') +
              `; packaged model logged at runs:/${runId}/model`,
          );
        } finally {
          await summarizer.dispose();
        }
      } catch (error) {
        outcome.error = message(error);
        this.report.warn(`candidate ${candidate.key} failed in dev: ${outcome.error}`);
        if (runId) await this.platform.endRun(runId, 'FAILED').catch(() => undefined);
      }
    }
  }

  // --- 2. staging -------------------------------------------------------------------------------

  private async staging(inputs: WalkthroughInputs, result: WalkthroughResult): Promise<void> {
    this.report.stage(`2/3 Staging: register, evaluate on held-out articles, gate the promotion`);
    await this.platform.ensureRegisteredModel(
      MODEL_NAME,
      'News article summarizer (walkthrough candidates; the gate decides what reaches Production)',
    );
    const evalRows = await loadJsonlDataset(inputs.evalDataset);
    const evalCount = Math.min(evalRows.length, inputs.evalLimit ?? evalRows.length);
    this.report.info(`held-out set ${inputs.evalDataset}: ${evalCount} articles with reference summaries`);
    this.report.info(`gate: ${describeGate(inputs.gate)}`);
    // Stored on the model, so a promotion from any client (MLflow's transition-stage too) is gated
    // the same way as this walkthrough's.
    await this.platform.setGatePolicy(MODEL_NAME, inputs.gate);

    const champion = await this.currentProduction();
    let championScore: number | undefined;
    if (champion) {
      this.report.info(`current champion: ${MODEL_NAME} v${champion.version} (in Production)`);
      championScore = await this.championRougeL(champion, inputs);
      if (championScore !== undefined) this.report.info(`champion ROUGE-L on this set: ${fmt(championScore)}`);
    } else {
      this.report.info('no version is in Production yet');
    }

    for (const outcome of result.candidates) {
      if (!outcome.dev_run_id || outcome.error) continue;
      try {
        const version = await this.platform.createModelVersion(
          MODEL_NAME,
          `runs:/${outcome.dev_run_id}/model`,
          outcome.dev_run_id,
          `${outcome.label} (walkthrough ${this.id})`,
        );
        outcome.version = version.version;
        await this.platform.transition(MODEL_NAME, version.version, {
          stage: 'Staging',
          reason: `walkthrough ${this.id}: candidate ${outcome.candidate}`,
        });
        this.report.info('');
        this.report.info(`${outcome.candidate}: registered as ${MODEL_NAME} v${version.version}, moved to Staging`);
        const evaluation = await this.platform.evaluate(MODEL_NAME, version.version, inputs.evalDataset, evalCount);
        outcome.evaluation_run_id = evaluation.evaluation_run_id;
        outcome.evaluation = evaluation.metrics;
        result.runs.push({ run_id: evaluation.evaluation_run_id, candidate: outcome.candidate, stage: 'staging' });
        this.report.info(
          `evaluation run ${evaluation.evaluation_run_id}: ROUGE-1 ${fmt(evaluation.metrics.rouge1)}, ` +
            `ROUGE-2 ${fmt(evaluation.metrics.rouge2)}, ROUGE-L ${fmt(evaluation.metrics.rougeL)}, ` +
            `p95 ${fmt(evaluation.metrics.latency_p95_ms)} ms, failure rate ${fmt(evaluation.metrics.failure_rate)}`,
        );
        const dryRun = await this.platform.transition(MODEL_NAME, version.version, {
          stage: 'Production',
          gate: inputs.gate,
          evaluation_run_id: evaluation.evaluation_run_id,
          dry_run: true,
        });
        outcome.gate = gateOutcome(dryRun.gate_decision);
        outcome.verdict = outcome.gate.passed ? 'passed-not-best' : 'rejected';
        this.report.info(
          outcome.gate.passed
            ? `gate: PASSED (${outcome.gate.reasons.join('; ') || 'every check met'})`
            : `gate: REJECTED: ${outcome.gate.reasons.join('; ')}`,
        );
      } catch (error) {
        outcome.error = message(error);
        outcome.verdict = 'error';
        this.report.warn(`${outcome.candidate}: ${outcome.error}`);
      }
    }

    const passing = result.candidates
      .filter((c) => c.gate.passed && c.version)
      .sort((a, b) => (b.evaluation.rougeL ?? 0) - (a.evaluation.rougeL ?? 0));
    const best = passing[0];
    this.report.info('');
    if (!best) {
      this.report.warn('no candidate passed the gate: Production is unchanged');
    } else if (champion && championScore !== undefined && (best.evaluation.rougeL ?? 0) <= championScore) {
      best.verdict = 'passed-champion-kept';
      result.champion_kept = true;
      this.report.info(
        `best candidate ${best.candidate} (v${best.version}, ROUGE-L ${fmt(best.evaluation.rougeL)}) does not beat ` +
          `the champion v${champion.version} (ROUGE-L ${fmt(championScore)}): champion kept`,
      );
    } else {
      try {
        await this.platform.transition(MODEL_NAME, best.version as string, {
          stage: 'Production',
          archive_existing_versions: true,
          gate: inputs.gate,
          evaluation_run_id: best.evaluation_run_id as string,
          reason: `walkthrough ${this.id}: best candidate on the held-out set`,
        });
        best.verdict = 'promoted';
        result.promoted = { name: MODEL_NAME, version: best.version as string };
        this.report.info(`promoted ${best.candidate} (v${best.version}) to Production`);
      } catch (error) {
        best.verdict = error instanceof GateRejectedError ? 'rejected' : 'error';
        best.error = message(error);
        this.report.warn(`promotion of v${best.version} refused: ${best.error}`);
      }
    }
    for (const outcome of result.candidates) {
      if (!outcome.version || outcome.verdict === 'promoted') continue;
      await this.platform
        .transition(MODEL_NAME, outcome.version, {
          stage: 'Archived',
          reason: `walkthrough ${this.id}: ${outcome.verdict}${outcome.gate.reasons.length ? ` (${outcome.gate.reasons.join('; ')})` : ''}`,
        })
        .catch((error) => this.report.warn(`could not archive v${outcome.version}: ${message(error)}`));
    }
    for (const line of formatTable(
      result.candidates.map((c) => ({
        candidate: c.candidate,
        version: c.version ?? '-',
        'ROUGE-1': fmt(c.evaluation.rouge1),
        'ROUGE-2': fmt(c.evaluation.rouge2),
        'ROUGE-L': fmt(c.evaluation.rougeL),
        'p95 ms': fmt(c.evaluation.latency_p95_ms),
        verdict: c.verdict,
      })),
    )) {
      this.report.info(line);
    }
    const production = await this.currentProduction();
    result.production = production ? { name: MODEL_NAME, version: production.version } : null;
  }

  private async currentProduction(): Promise<ModelVersionJson | undefined> {
    const versions = await this.platform.listVersions(MODEL_NAME).catch(() => []);
    return versions.find((v) => v.current_stage === 'Production');
  }

  /** The champion's ROUGE-L on the same held-out set: evaluated again, so the comparison is fair. */
  private async championRougeL(champion: ModelVersionJson, inputs: WalkthroughInputs): Promise<number | undefined> {
    try {
      const evaluation = await this.platform.evaluate(
        MODEL_NAME,
        champion.version,
        inputs.evalDataset,
        inputs.evalLimit,
      );
      return evaluation.metrics.rougeL;
    } catch (error) {
      this.report.warn(`could not evaluate the champion v${champion.version}: ${message(error)}`);
      return undefined;
    }
  }

  // --- 3. prod ----------------------------------------------------------------------------------

  private async prod(inputs: WalkthroughInputs, result: WalkthroughResult): Promise<void> {
    this.report.stage('3/3 Prod: batch inference with the Production model into a Delta table');
    if (!result.production) {
      this.report.warn('no version is in Production: skipping the batch job');
      return;
    }
    // The job reads only what is on the platform: the dataset goes up first, under a name its
    // content gives (the same bytes again are a no-op), and the job names it and the table by name.
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(inputs.prodDataset)) hash.update(chunk as Buffer);
    const digest = hash.digest('hex').slice(0, 12);
    const uploaded = await this.platform.uploadDataset(`news/prod-${digest}.jsonl`, inputs.prodDataset);
    result.dataset = { name: uploaded.dataset.name, uploaded: uploaded.created, rows: uploaded.dataset.rows };
    this.report.info(
      `dataset ${uploaded.dataset.name}: ${uploaded.created ? 'uploaded' : 'already on the platform'}, ` +
        `${uploaded.dataset.rows ?? '?'} rows`,
    );
    const modelUri = `models:/${MODEL_NAME}/Production`;
    const job = await this.platform.submitBatchJob({
      datasetUri: uploaded.dataset.name,
      modelUri,
      outputTable: inputs.table,
      partitionSize: inputs.partitionSize,
      keepColumns: ['title', 'source'],
    });
    this.report.info(
      `batch job ${job.jobId}: ${modelUri} resolved once to v${job.model.version} (run ${job.model.runId}); ` +
        `${job.totalRows} rows in ${job.partitions.total} partitions -> table ${job.outputTable}`,
    );
    const bar = this.report.progress('partitions', job.partitions.total);
    let current = await this.platform.getBatchJob(job.jobId);
    while (current.state === 'RUNNING') {
      bar.update(current.partitions.done + current.partitions.deadLettered);
      await new Promise((r) => setTimeout(r, 250));
      current = await this.platform.getBatchJob(job.jobId);
    }
    bar.update(current.partitions.total);
    bar.stop();
    result.batch = {
      job_id: current.jobId,
      state: current.state,
      model_uri: current.model.modelUri,
      model_version: current.model.version,
      rows_written: current.rows.written,
      rows_failed: current.rows.failed,
      throughput_rows_per_s: current.throughputRowsPerSec,
    };
    const versions = current.partitionDetails?.map((p) => p.tableVersion ?? -1) ?? [];
    const table = await this.platform.getTable(current.outputTable).catch(() => null);
    result.table = {
      name: current.outputTable,
      path: table ? fileURLToPath(table.location) : current.outputTable,
      version: table?.version ?? (versions.length ? Math.max(...versions) : null),
      rows: table?.numRows ?? null,
    };
    this.report.info(
      `job ${current.state}: ${current.rows.written} rows written, ${current.rows.failed} failed, ` +
        `throughput ${fmt(current.throughputRowsPerSec ?? NaN)} rows/s`,
    );
    this.report.info(
      `Delta table ${result.table.name} (${table?.location ?? 'location unknown'}): version ${result.table.version ?? '?'}` +
        (result.table.rows !== null ? `, ${result.table.rows} rows in total` : ''),
    );
  }
}

function limit<T>(rows: T[], n?: number): T[] {
  return n && n > 0 ? rows.slice(0, n) : rows;
}

function fmt(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '-';
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(3);
}

function message(error: unknown): string {
  return error instanceof LlmopsError
    ? `${error.code}: ${error.message}`
    : ((error as Error)?.message ?? String(error));
}

export function describeGate(gate: GatePolicy): string {
  const parts: string[] = [];
  if (gate.min_rouge_l !== undefined) parts.push(`ROUGE-L >= ${gate.min_rouge_l}`);
  if (gate.min_rouge_2 !== undefined) parts.push(`ROUGE-2 >= ${gate.min_rouge_2}`);
  if (gate.max_latency_p95_ms !== undefined) parts.push(`p95 latency <= ${gate.max_latency_p95_ms} ms`);
  if (gate.max_failure_rate !== undefined) parts.push(`failure rate <= ${gate.max_failure_rate}`);
  if (gate.max_regression_vs_champion !== undefined) {
    parts.push(`not worse than the champion by more than ${gate.max_regression_vs_champion} ROUGE-L`);
  }
  return parts.join(', ');
}

function gateOutcome(decision: Record<string, unknown> | undefined): { passed: boolean; reasons: string[] } {
  if (!decision) return { passed: false, reasons: ['the registry returned no gate decision'] };
  const checks = Array.isArray(decision.checks) ? (decision.checks as Array<Record<string, unknown>>) : [];
  const failed = checks.filter((c) => c.passed === false);
  const reasons = (failed.length ? failed : checks).map((c) =>
    String(c.message ?? c.reason ?? `${c.name ?? c.check}: ${c.actual ?? c.value} vs ${c.threshold ?? c.limit}`),
  );
  return { passed: decision.passed === true, reasons };
}

export type { DatasetRow };
