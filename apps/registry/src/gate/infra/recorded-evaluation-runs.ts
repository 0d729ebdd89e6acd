import { EvaluationEvidence, EvaluationRuns } from '../ports/evaluation-runs.port';
import { EvaluationRecord, GateStore } from '../ports/gate-store.port';

/**
 * The gate's evidence: only evaluations the evaluation service recorded in the registry's own
 * database, with the metrics it computed. A run a user made up (tags and metrics logged through
 * tracking) is not among them, whatever it claims.
 */
export class RecordedEvaluationRuns extends EvaluationRuns {
  constructor(private readonly store: GateStore) {
    super();
  }

  async get(runId: string): Promise<EvaluationEvidence | null> {
    const record = await this.store.evaluation(runId);
    return record ? evidenceOf(record) : null;
  }

  async latestFor(name: string, version: number, preferDigest: string | null): Promise<EvaluationEvidence | null> {
    const records = await this.store.evaluationsOf(name, version);
    const chosen = records.find((r) => preferDigest !== null && r.datasetDigest === preferDigest) ?? records[0];
    return chosen ? evidenceOf(chosen) : null;
  }
}

function evidenceOf(r: EvaluationRecord): EvaluationEvidence {
  return {
    runId: r.runId,
    // Recorded only once the evaluation finished.
    status: 'FINISHED',
    modelName: r.name,
    modelVersion: String(r.version),
    datasetDigest: r.datasetDigest,
    metrics: r.metrics,
    startTime: r.recordedAt,
  };
}
