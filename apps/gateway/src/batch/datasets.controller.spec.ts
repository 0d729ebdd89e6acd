import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, INestApplication, INestMicroservice, Module } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import request from 'supertest';
import { CreateDatasetRequest, SUBJECTS } from '@llmops/contract';
import { InProcessBus, startService } from '@llmops/messaging';
import { createGatewayApp } from '../app/create-gateway-app';

const dataDir = mkdtempSync(join(tmpdir(), 'gateway-datasets-'));
const staging = join(dataDir, 'datasets', '.uploads');
const published: Array<{ request: CreateDatasetRequest; bytes: string }> = [];

/** A stand-in orchestrator: reads the staged upload it is told about, as the real one does. */
@Controller()
class FakeOrchestratorController {
  @MessagePattern(SUBJECTS.batch.datasets.create)
  create(@Payload() req: CreateDatasetRequest) {
    published.push({ request: req, bytes: readFileSync(join(staging, `${req.upload}.part`), 'utf8') });
    return { dataset: { name: req.name, format: req.format ?? 'jsonl' }, created: req.name !== 'again.jsonl' };
  }
}

@Module({ controllers: [FakeOrchestratorController] })
class FakeOrchestratorModule {}

describe('PUT /api/v1/datasets/<name>', () => {
  let orchestrator: INestMicroservice;
  let app: INestApplication;

  beforeAll(async () => {
    const bus = new InProcessBus();
    orchestrator = await startService(
      FakeOrchestratorModule,
      { kind: 'in-process', bus },
      { queue: 'batch-orchestrator', logger: false },
    );
    app = await createGatewayApp(
      { LLMOPS_DATA_DIR: dataDir, DATASET_UPLOAD_LIMIT_BYTES: 64 },
      { kind: 'in-process', bus },
      { logger: false, requestLog: () => undefined },
    );
  });

  afterAll(async () => {
    await app.close();
    await orchestrator.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  beforeEach(() => (published.length = 0));

  const staged = () => (existsSync(staging) ? readdirSync(staging) : []);

  it('streams the body to a staging file, hands it to the orchestrator by id, and removes it', async () => {
    const res = await request(app.getHttpServer())
      .put('/api/v1/datasets/news/prod.jsonl')
      .set('content-type', 'application/x-ndjson')
      .send('{"id":"1","article":"a."}\n')
      .expect(201);
    expect(res.body).toEqual({ dataset: { name: 'news/prod.jsonl', format: 'jsonl' }, created: true });
    expect(published).toEqual([
      {
        request: { name: 'news/prod.jsonl', upload: expect.stringMatching(/^[0-9a-f]{32}$/), format: 'jsonl' },
        bytes: '{"id":"1","article":"a."}\n',
      },
    ]);
    expect(staged()).toEqual([]);
    // The same bytes already there: 200.
    await request(app.getHttpServer())
      .put('/api/v1/datasets/again.jsonl')
      .set('content-type', 'application/octet-stream')
      .send('{"id":"1"}\n')
      .expect(200);
  });

  it('refuses an upload over the limit, declared or streamed, and keeps nothing of it', async () => {
    const big = 'x'.repeat(65);
    const declared = await request(app.getHttpServer())
      .put('/api/v1/datasets/big.csv')
      .set('content-type', 'text/csv')
      .send(big);
    expect(declared.status).toBe(413);
    expect(declared.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    const chunked = request(app.getHttpServer()).put('/api/v1/datasets/big2.csv').set('content-type', 'text/csv');
    chunked.write('a'.repeat(40));
    chunked.write('b'.repeat(40));
    expect((await chunked).status).toBe(413);
    expect(published).toEqual([]);
    expect(staged()).toEqual([]);
  });

  it.each([
    ['a content type that is not a dataset', 'text/plain', 'x.jsonl'],
    ['a hidden name (the staging area)', 'application/x-ndjson', '.uploads/x.jsonl'],
    ['a name with an empty segment', 'application/x-ndjson', 'a//x.jsonl'],
    ['a traversal', 'application/x-ndjson', '%2e%2e/x.jsonl'],
  ])('refuses %s before reading the body', async (_what, type, name) => {
    const res = await request(app.getHttpServer())
      .put(`/api/v1/datasets/${name}`)
      .set('content-type', type)
      .send('{"id":"1"}\n');
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect(published).toEqual([]);
    expect(staged()).toEqual([]);
  });
});
