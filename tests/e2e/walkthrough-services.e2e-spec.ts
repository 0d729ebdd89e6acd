import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { runWalkthroughCommand, type Reporter } from '@llmops/cli';
import { RunningServices, startServices } from '@llmops/tools/services';

/**
 * The same walkthrough as `npm start`, in services mode as `npm run services` ships it: every app
 * its own process, authentication on, on the launcher's own nats-server with the shipped
 * configuration (one NKEY user per service, exact JetStream API subjects) and PostgreSQL (a
 * throwaway database), driven only through the gateway's HTTP API with the admin's token.
 */
const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const quiet: Reporter = {
  stage: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  progress: () => ({ update: () => undefined, stop: () => undefined }),
};

describe('the walkthrough in services mode (every app its own process, NATS + PostgreSQL)', () => {
  let services: RunningServices;
  let dataDir: string;
  const adminToken = `admin-${randomBytes(24).toString('hex')}`;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'llmops-walkthrough-services-'));
    const database = `llmops_walkthrough_${randomBytes(4).toString('hex')}`;
    services = await startServices({
      dataDir,
      auth: 'on',
      env: { LLMOPS_ADMIN_TOKEN: adminToken },
      databaseUrl: POSTGRES_URL.replace(/\/[^/]*$/, `/${database}`),
      port: 0,
      opsPort: 0,
      inferenceReplicas: 2,
      output: () => undefined,
      dropDatabaseOnStop: true,
    });
  }, 240_000);

  afterAll(async () => {
    await services?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs dev -> staging -> prod through the gateway and appends the production table', async () => {
    const result = await runWalkthroughCommand(
      {
        gateway: services.gatewayUrl,
        token: adminToken,
        dataDir,
        table: join(dataDir, 'tables', 'news_summaries'),
        offline: true,
        devLimit: 3,
        evalLimit: 12,
        partitionSize: 4,
      },
      quiet,
    );

    expect(result.candidates.find((c) => c.candidate === 'onnx-tiny-random-t5')?.verdict).toBe('rejected');
    const promoted = result.candidates.filter((c) => c.verdict === 'promoted');
    expect(promoted).toHaveLength(1);
    expect(result.production?.version).toBe(promoted[0].version);
    expect(result.batch).toMatchObject({ state: 'SUCCEEDED', rows_written: 24, rows_failed: 0 });
    expect(result.table).toMatchObject({ rows: 24 });
    // Every process ran on NATS as its own user: nothing was refused along the way.
    expect(services.nats.own).toBe(true);
    for (const service of services.services) {
      expect(`${service.name}: ${service.lines().filter((l) => /permissions[ _]violation/i.test(l)).length}`).toBe(
        `${service.name}: 0`,
      );
    }
  });
});
