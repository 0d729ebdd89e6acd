import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, NatsServerProcess, startNatsServer } from '@llmops/messaging';
import { BatchWorld, deferred, idsOf, writeDataset } from './batch-harness';

/** A private JetStream server that can be restarted on the same port and store (the machine's NATS cannot). */
class RestartableNats {
  private server?: NatsServerProcess;
  readonly storeDir = mkdtempSync(join(tmpdir(), 'llmops-nats-js-'));
  constructor(readonly port: number) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = await startNatsServer({ port: this.port, storeDir: this.storeDir });
  }

  /** Graceful stop (SIGTERM): JetStream flushes its file store. */
  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
  }

  async remove(): Promise<void> {
    await this.stop();
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}

describe('batch jobs across a NATS restart (services: private JetStream + PostgreSQL)', () => {
  let nats: RestartableNats;
  let world: BatchWorld;

  beforeAll(async () => {
    nats = new RestartableNats(await freePort());
    await nats.start();
    // A longer ack wait and delivery budget than the other scenarios: on a loaded machine a restart
    // and reconnect can outlast a short ack wait several times, which is redelivery, not loss.
    world = new BatchWorld('services', 5000, nats.url);
    await world.start();
  });

  afterAll(async () => {
    await world.close();
    await nats.remove();
  });

  it('finishes the job with every row once when NATS restarts mid-job', async () => {
    const data = writeDataset(world.dir, 12);
    const worker = await world.startWorker('w1');
    const release = deferred();
    const held = deferred();
    let seen = 0;
    worker.cache.hook = async (article) => {
      if (!world.owns(article)) return;
      seen++;
      // Hold the worker inside partition 2 while NATS goes down and comes back.
      if (seen === 7) {
        held.resolve();
        await release.promise;
      }
    };
    const submitted = await world.submit({
      datasetUri: data.path,
      modelName: 'news',
      outputTable: world.tableUri(),
      partitionSize: 3,
      maxDeliver: 6,
    });
    await held.promise;
    await nats.stop();
    await nats.start();
    release.resolve();

    const job = await world.waitFinished(submitted.jobId, 120_000).catch(async (error) => {
      // What was left behind, to tell a stuck task from a stuck report.
      const state = await world.job(submitted.jobId).catch((e) => String(e));
      console.error(JSON.stringify({ state, outcomes: worker.service.outcomes }, null, 1));
      throw error;
    });
    if (job.state !== 'SUCCEEDED') console.error(JSON.stringify({ job, outcomes: worker.service.outcomes }, null, 1));
    expect(job.state).toBe('SUCCEEDED');
    expect(job.partitions).toMatchObject({ total: 4, done: 4, deadLettered: 0 });
    expect(idsOf(await world.tableRows())).toEqual([...data.ids].sort());
  });
});
