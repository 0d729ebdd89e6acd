import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { BatchWorld, deferred, idsOf, until, writeDataset } from './batch-harness';

/** A private JetStream server (the machine's NATS is shared by every suite: it cannot be restarted). */
class PrivateNats {
  private child?: ChildProcess;
  readonly storeDir = mkdtempSync(join(tmpdir(), 'llmops-nats-js-'));
  constructor(readonly port: number) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir], {
      stdio: 'ignore',
    });
    this.child = child;
    await new Promise<void>((ready, fail) => {
      child.once('error', fail);
      child.once('spawn', () => ready());
    });
    await until(async () => {
      const nc = await connect({ servers: this.url, reconnect: false }).catch(() => null);
      if (!nc) return false;
      await nc.close();
      return true;
    }, 'nats-server to accept connections');
  }

  /** Graceful stop (SIGTERM): JetStream flushes its file store. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

describe('batch jobs across a NATS restart (services: private JetStream + PostgreSQL)', () => {
  let nats: PrivateNats;
  let world: BatchWorld;

  beforeAll(async () => {
    nats = new PrivateNats(await freePort());
    await nats.start();
    // A longer ack wait and delivery budget than the other scenarios: on a loaded machine a restart
    // and reconnect can outlast a short ack wait several times, which is redelivery, not loss.
    world = new BatchWorld('services', 5000, nats.url);
    await world.start();
  });

  afterAll(async () => {
    await world.close();
    await nats.stop();
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
