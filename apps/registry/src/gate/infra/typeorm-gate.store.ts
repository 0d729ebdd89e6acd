import { PromotionGatePolicy, ResourceNotFoundError } from '@llmops/contract';
import { DataSource } from 'typeorm';
import { EvaluationRecordEntity, GatePolicyEntity, RegisteredModelEntity } from '../../infra/registry.entities';
import { EvaluationRecord, GateStore, StoredGatePolicy } from '../ports/gate-store.port';

/** PostgreSQL (or PGlite) records of the promotion gate. */
export class TypeormGateStore extends GateStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  private async modelId(name: string): Promise<string> {
    const row = await this.dataSource.getRepository(RegisteredModelEntity).findOneBy({ name });
    if (!row) throw new ResourceNotFoundError(`Registered model '${name}' not found`);
    return row.id;
  }

  async policyOf(name: string): Promise<StoredGatePolicy | null> {
    const row = await this.dataSource.getRepository(GatePolicyEntity).findOneBy({ modelId: await this.modelId(name) });
    return row
      ? { policy: row.policy as PromotionGatePolicy, userId: row.userId, updatedAt: Number(row.updatedAt) }
      : null;
  }

  async setPolicy(name: string, policy: PromotionGatePolicy, userId: string, at: number): Promise<StoredGatePolicy> {
    const modelId = await this.modelId(name);
    await this.dataSource
      .getRepository(GatePolicyEntity)
      .upsert({ modelId, policy: { ...policy }, userId, updatedAt: String(at) }, ['modelId']);
    return { policy, userId, updatedAt: at };
  }

  async recordEvaluation(r: EvaluationRecord): Promise<void> {
    const modelId = await this.modelId(r.name);
    const metrics = Object.fromEntries(Object.entries(r.metrics).map(([k, v]) => [k, Number.isFinite(v) ? v : null]));
    await this.dataSource.getRepository(EvaluationRecordEntity).insert({
      runId: r.runId,
      modelId,
      version: r.version,
      datasetDigest: r.datasetDigest,
      metrics,
      userId: r.userId,
      recordedAt: String(r.recordedAt),
    });
  }

  async evaluation(runId: string): Promise<EvaluationRecord | null> {
    const rows = await this.query('e.run_id = $1', [runId]);
    return rows[0] ?? null;
  }

  async evaluationsOf(name: string, version: number): Promise<EvaluationRecord[]> {
    return this.query('m.name = $1 AND e.version = $2', [name, version]);
  }

  private async query(where: string, params: unknown[]): Promise<EvaluationRecord[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT e.run_id, m.name, e.version, e.dataset_digest, e.metrics, e.user_id, e.recorded_at
         FROM registry_evaluations e JOIN registry_registered_models m ON m.id = e.model_id
        WHERE ${where}
        ORDER BY e.recorded_at DESC, e.run_id DESC`,
      params,
    );
    return rows.map((row) => ({
      runId: String(row.run_id),
      name: String(row.name),
      version: Number(row.version),
      datasetDigest: String(row.dataset_digest),
      metrics: Object.fromEntries(
        Object.entries((typeof row.metrics === 'string' ? JSON.parse(row.metrics) : row.metrics) as object).map(
          ([k, v]) => [k, typeof v === 'number' ? v : NaN],
        ),
      ),
      userId: String(row.user_id),
      recordedAt: Number(row.recorded_at),
    }));
  }
}
