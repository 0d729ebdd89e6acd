import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { runWalkthroughCommand, type Reporter } from '@llmops/cli';
import { NatsServerProcess, startNatsServer } from '@llmops/messaging';
import { RunningServices, startServices } from '@llmops/tools/services';

/**
 * The same walkthrough as `npm start`, in services mode: every app its own process on a private
 * NATS and PostgreSQL (a throwaway database), driven only through the gateway's HTTP API.
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
  let nats: NatsServerProcess;

  beforeAll(async () => {
    nats = await startNatsServer();
    dataDir = mkdtempSync(join(tmpdir(), 'llmops-walkthrough-services-'));
    const database = `llmops_walkthrough_${randomBytes(4).toString('hex')}`;
    services = await startServices({
      dataDir,
      natsUrl: nats.url,
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
    await nats?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs dev -> staging -> prod through the gateway and appends the production table', async () => {
    const result = await runWalkthroughCommand(
      {
        gateway: services.gatewayUrl,
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
  });
});
