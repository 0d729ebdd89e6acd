import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BatchJobDetailView } from '@llmops/contract';
import { runCli } from '../cli-harness';

/**
 * The batch commands over real HTTP against a stand-in for the gateway's `/api/v1/batch-jobs`
 * routes (the batch orchestrator is not in the embedded platform yet): what is sent, how progress
 * is followed, what is printed and the exit codes.
 */

function job(state: BatchJobDetailView['state'], done: number): BatchJobDetailView {
  return {
    jobId: 'job-7',
    state,
    owner: null,
    datasetUri: '/d/prod.jsonl',
    datasetFormat: 'jsonl',
    idColumn: 'id',
    textColumn: 'article',
    keepColumns: [],
    outputTable: '/t/out',
    partitionSize: 5,
    model: {
      requestedUri: 'models:/news-summarizer/Production',
      modelUri: 'models:/news-summarizer/4',
      name: 'news-summarizer',
      version: '4',
      runId: 'r',
      storageLocation: 'file:///a',
    },
    totalRows: 10,
    partitions: { total: 2, done, deadLettered: 0, pending: 2 - done },
    rows: { written: done * 5, failed: 0 },
    throughputRowsPerSec: done ? 2.5 : null,
    createdAt: 0,
    finishedAt: state === 'RUNNING' ? null : 1,
    error: state === 'FAILED' ? 'model failed to load' : null,
    partitionDetails: [],
    failedRowIds: [],
  };
}

describe('llmops batch over HTTP', () => {
  let server: Server;
  let url: string;
  let submitted: unknown[] = [];
  let queries: string[] = [];
  let uploads: Array<{ path: string; type: string; body: string }> = [];
  let states: BatchJobDetailView[] = [];

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const send = (status: number, value: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(value));
        };
        const path = (req.url ?? '').split('?')[0];
        if (req.method === 'PUT' && path.startsWith('/api/v1/datasets/')) {
          uploads.push({ path: req.url ?? '', type: String(req.headers['content-type']), body });
          const name = decodeURIComponent(path.slice('/api/v1/datasets/'.length));
          return send(201, { dataset: { name, format: 'jsonl' }, created: true });
        }
        if (req.method === 'POST' && path === '/api/v1/batch-jobs') {
          submitted.push(JSON.parse(body));
          return send(201, job('RUNNING', 0));
        }
        if (req.method === 'GET' && path === '/api/v1/batch-jobs') {
          queries.push(req.url ?? '');
          return send(200, { jobs: [job('SUCCEEDED', 2)] });
        }
        if (req.method === 'GET' && path === '/api/v1/batch-jobs/job-7') {
          return send(200, states.length > 1 ? states.shift() : states[0]);
        }
        return send(404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: `Batch job not found` });
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  afterAll(() => new Promise((r) => server.close(r)));

  beforeEach(() => {
    submitted = [];
    queries = [];
    uploads = [];
    states = [];
  });

  it('submit sends server-side names as given, the production model by default, and prints the job', async () => {
    const run = await runCli(
      ['batch', 'submit', '--dataset', 'news/prod.jsonl', '--table', 'out/table', '--partition-size', '5', '--json'],
      { env: { LLMOPS_GATEWAY: url } },
    );
    expect(run.code).toBe(0);
    expect(submitted).toEqual([
      {
        datasetUri: 'news/prod.jsonl',
        modelUri: 'models:/news-summarizer/Production',
        outputTable: 'out/table',
        partitionSize: 5,
      },
    ]);
    expect(uploads).toEqual([]);
    expect(JSON.parse(run.stdout)).toMatchObject({ jobId: 'job-7', state: 'RUNNING' });
  });

  it('submit --upload streams the local file as a dataset first, then submits it by name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-upload-'));
    const file = join(dir, 'local.jsonl');
    writeFileSync(file, '{"id":"1","article":"a b c."}\n');
    const run = await runCli(
      ['batch', 'submit', '--upload', file, '--dataset', 'team@a/x.jsonl', '--table', 't', '--json'],
      { env: { LLMOPS_GATEWAY: url } },
    );
    expect(run.code).toBe(0);
    expect(uploads).toEqual([
      {
        path: '/api/v1/datasets/team%40a/x.jsonl',
        type: 'application/octet-stream',
        body: '{"id":"1","article":"a b c."}\n',
      },
    ]);
    expect((submitted[0] as { datasetUri: string }).datasetUri).toBe('team@a/x.jsonl');
    expect(run.stderr).toContain('uploaded dataset team@a/x.jsonl');
    rmSync(dir, { recursive: true, force: true });
    const none = await runCli(['batch', 'submit', '--table', 't'], { env: { LLMOPS_GATEWAY: url } });
    expect(none.code).not.toBe(0);
    expect(none.stderr).toMatch(/--dataset <name>.*or --upload <file>/);
  });

  it('submit --watch follows the job to the end, progress on stderr, result on stdout', async () => {
    states = [job('RUNNING', 0), job('RUNNING', 1), job('SUCCEEDED', 2)];
    const run = await runCli(
      [
        'batch',
        'submit',
        '--dataset',
        'p.jsonl',
        '--table',
        't',
        '--model',
        'models:/m@champion',
        '--watch',
        '--interval',
        '1',
      ],
      { env: { LLMOPS_GATEWAY: url } },
    );
    expect(run.code).toBe(0);
    expect((submitted[0] as { modelUri: string }).modelUri).toBe('models:/m@champion');
    expect(run.stderr).toContain('submitted batch job job-7');
    expect(run.stderr).toContain('2/2 partitions');
    expect(run.stdout).toMatch(/^state:\s+SUCCEEDED$/m);
    expect(run.stdout).toMatch(/^rows:\s+10 written, 0 failed, of 10$/m);
  });

  it('watch exits 1 with an error line when the job fails', async () => {
    states = [job('RUNNING', 0), job('FAILED', 0)];
    const run = await runCli(['batch', 'watch', 'job-7', '--interval', '1', '--json'], {
      env: { LLMOPS_GATEWAY: url },
    });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ state: 'FAILED' });
    expect(run.stderr).toMatch(/^error: BATCH_FAILED: job job-7 ended FAILED: model failed to load$/m);
  });

  it('watch of an unknown job exits 3; list passes its filters', async () => {
    const missing = await runCli(['batch', 'watch', 'nope'], { env: { LLMOPS_GATEWAY: url } });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toBe('error: RESOURCE_DOES_NOT_EXIST: Batch job not found\n');
    const list = await runCli(['batch', 'list', '--state', 'SUCCEEDED', '--limit', '5'], {
      env: { LLMOPS_GATEWAY: url },
    });
    expect(list.code).toBe(0);
    expect(queries).toEqual(['/api/v1/batch-jobs?state=SUCCEEDED&limit=5']);
    expect(list.stdout).toMatch(/^job-7\s+SUCCEEDED\s+models:\/news-summarizer\/4\s+10\/10/m);
  });
});
