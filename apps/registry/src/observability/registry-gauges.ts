import { INestApplicationContext } from '@nestjs/common';
import { registerPlatformGauge } from '@llmops/observability';
import { DataSource } from 'typeorm';
import { REGISTRY_DATA_SOURCE } from '../registry.module';

/**
 * Versions in Production per registered model, read at scrape time: 0 for a model is what the
 * "no Production model" alert fires on (the batch jobs and `models:/<name>/Production` callers
 * of that model then fail).
 */
export function registerRegistryGauges(app: INestApplicationContext): void {
  registerPlatformGauge({
    name: 'llmops_registry_production_versions',
    help: 'Versions of each registered model in the Production stage',
    labelNames: ['model'],
    read: async () => {
      const rows: Array<{ name: string; n: number }> = await app.get<DataSource>(REGISTRY_DATA_SOURCE).query(
        `SELECT m.name, count(v.version)::int AS n
           FROM registry_registered_models m
           LEFT JOIN registry_model_versions v ON v.model_id = m.id AND v.current_stage = 'Production'
          GROUP BY m.name`,
      );
      return rows.map((r) => [{ model: r.name }, r.n]);
    },
  });
}
