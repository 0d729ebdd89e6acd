import { EntityManager } from 'typeorm';
import { Prediction } from '../domain/prediction';
import { PredictionRepository } from '../domain/prediction.repository';
import { PredictionEntity } from './prediction.entity';
import { predictionFromEntity } from './prediction.mapper';

export class TypeOrmPredictionRepository extends PredictionRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async nextRowIndex(runId: string): Promise<number> {
    const [row] = await this.em.query(
      'SELECT COALESCE(MAX(row_index) + 1, 0) AS next FROM tracking_predictions WHERE run_uuid = $1',
      [runId],
    );
    return Number(row.next);
  }

  async append(runId: string, rows: Prediction[]): Promise<void> {
    // JSON goes in as text and is cast in SQL: a JSON string value stays a string in both drivers.
    for (let start = 0; start < rows.length; start += 200) {
      const chunk = rows.slice(start, start + 200);
      const params: unknown[] = [];
      const values = chunk.map((row) => {
        const n = params.length;
        params.push(
          runId,
          row.rowIndex,
          JSON.stringify(row.inputs ?? null),
          JSON.stringify(row.outputs ?? null),
          row.latencyMs,
          row.extra === null ? null : JSON.stringify(row.extra),
          String(row.timestamp),
        );
        return `($${n + 1}, $${n + 2}, $${n + 3}::text::jsonb, $${n + 4}::text::jsonb, $${n + 5}::float8, $${n + 6}::text::jsonb, $${n + 7}::bigint)`;
      });
      await this.em.query(
        `INSERT INTO tracking_predictions (run_uuid, row_index, inputs, outputs, latency_ms, extra, "timestamp") VALUES ${values.join(', ')}`,
        params,
      );
    }
  }

  async list(runId: string, offset: number, limit: number): Promise<Prediction[]> {
    const rows = await this.em.find(PredictionEntity, {
      where: { runUuid: runId },
      order: { rowIndex: 'ASC' },
      skip: offset,
      take: limit,
    });
    return rows.map(predictionFromEntity);
  }
}
