import { DataSource } from 'typeorm';
import { RateBuckets } from '../rate-buckets.port';
import { BucketOutcome, BucketTake } from '../token-bucket';

/**
 * Token buckets in `identity_rate_buckets`, taken with one INSERT ... ON CONFLICT DO UPDATE: the
 * row lock serialises concurrent takes on a bucket, so replicas never both spend its last token.
 * The arithmetic is `token-bucket.ts`'s; an update that would take more than the bucket holds does
 * not happen (no row returned), which is the refusal.
 */
export class SqlRateBuckets extends RateBuckets {
  constructor(private readonly ds: DataSource) {
    super();
  }

  async take(t: BucketTake): Promise<BucketOutcome> {
    const rate = '$2::float8';
    const burst = '$3::float8';
    const now = '$4::bigint';
    const count = '$5::float8';
    const available = `LEAST(${burst}, b.tokens + GREATEST(0, ${now} - b.updated_at)::float8 / 1000 * ${rate})`;
    const rows: Array<{ tokens: number | string }> = await this.ds.query(
      `INSERT INTO identity_rate_buckets AS b (bucket, tokens, updated_at, full_at)
       SELECT $1, ${burst} - ${count}, ${now}, ${now} + CEIL(${count} / ${rate} * 1000)::bigint
       WHERE ${count} <= ${burst}
       ON CONFLICT (bucket) DO UPDATE SET
         tokens = ${available} - ${count},
         updated_at = GREATEST(b.updated_at, ${now}),
         full_at = GREATEST(b.updated_at, ${now}) + CEIL((${burst} - ${available} + ${count}) / ${rate} * 1000)::bigint
       WHERE ${available} >= ${count}
       RETURNING tokens`,
      [t.bucket, t.perSecond, t.burst, t.now, t.count ?? 1],
    );
    if (rows.length > 0) return { allowed: true, tokens: Number(rows[0].tokens) };
    const [row]: Array<{ tokens: number | string; updated_at: number | string }> = await this.ds.query(
      `SELECT tokens, updated_at FROM identity_rate_buckets WHERE bucket = $1`,
      [t.bucket],
    );
    const elapsed = Math.max(0, t.now - Number(row?.updated_at ?? t.now));
    return { allowed: false, tokens: Math.min(t.burst, Number(row?.tokens ?? 0) + (elapsed / 1000) * t.perSecond) };
  }

  async sweep(now: number): Promise<number> {
    const rows: unknown[] = await this.ds.query(
      `DELETE FROM identity_rate_buckets WHERE full_at < $1 RETURNING bucket`,
      [now],
    );
    return rows.length;
  }
}
