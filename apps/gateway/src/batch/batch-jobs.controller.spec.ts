import { Controller, INestApplication, INestMicroservice, Module } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import request from 'supertest';
import {
  GetBatchJobRequest,
  ListBatchJobsRequest,
  ResourceNotFoundError,
  SUBJECTS,
  SubmitBatchJobRequest,
} from '@llmops/contract';
import { InProcessBus, InProcessRpcClient, startService } from '@llmops/messaging';
import { createGatewayApp } from '../app/create-gateway-app';

const seen: unknown[] = [];
let emitter: InProcessRpcClient;
const job = (jobId: string, state = 'RUNNING') => ({ jobId, state, partitions: { total: 2, done: 0 } });

/** A stand-in batch orchestrator on the in-process bus. */
@Controller()
class FakeOrchestratorController {
  @MessagePattern(SUBJECTS.batch.jobs.submit)
  submit(@Payload() req: SubmitBatchJobRequest) {
    seen.push(req);
    return job('j1');
  }

  @MessagePattern(SUBJECTS.batch.jobs.get)
  async get(@Payload() req: GetBatchJobRequest) {
    if (req.jobId === 'missing') throw new ResourceNotFoundError('Batch job missing does not exist');
    // Progress of a job arrives while the orchestrator decides whether the caller may see it.
    if (req.jobId === 'hidden' || req.jobId === 'slow') {
      await emitter.emit(SUBJECTS.batch.events.partition, { jobId: req.jobId, partition: 4, secret: 'rows-of-it' });
      await emitter.emit(SUBJECTS.batch.events.job, { jobId: req.jobId, state: 'SUCCEEDED' });
      await new Promise((r) => setTimeout(r, 20));
      if (req.jobId === 'hidden') throw new ResourceNotFoundError('Batch job hidden does not exist');
    }
    return job(req.jobId, req.jobId === 'done' ? 'SUCCEEDED' : 'RUNNING');
  }

  @MessagePattern(SUBJECTS.batch.jobs.list)
  list(@Payload() req: ListBatchJobsRequest) {
    seen.push(req);
    return { jobs: [job('j1')] };
  }
}

@Module({ controllers: [FakeOrchestratorController] })
class FakeOrchestratorModule {}

describe('/api/v1/batch-jobs', () => {
  let bus: InProcessBus;
  let orchestrator: INestMicroservice;
  let app: INestApplication;

  beforeAll(async () => {
    bus = new InProcessBus();
    emitter = new InProcessRpcClient(bus, 1000);
    orchestrator = await startService(
      FakeOrchestratorModule,
      { kind: 'in-process', bus },
      { queue: 'batch-orchestrator', logger: false },
    );
    app = await createGatewayApp({}, { kind: 'in-process', bus }, { logger: false, requestLog: () => undefined });
  });

  afterAll(async () => {
    await app.close();
    await orchestrator.close();
  });

  beforeEach(() => {
    seen.length = 0;
  });

  it('submits a job', async () => {
    const body = { datasetUri: 'data/news/prod.jsonl', modelName: 'news', outputTable: '/t', partitionSize: 10 };
    const res = await request(app.getHttpServer()).post('/api/v1/batch-jobs').send(body).expect(201);
    expect(res.body.jobId).toBe('j1');
    expect(seen).toEqual([body]);
  });

  it('refuses a job the orchestrator finds invalid with 400 and its code', async () => {
    const res = await request(app.getHttpServer()).post('/api/v1/batch-jobs').send({ partitionSize: 0 }).expect(400);
    expect(res.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect(seen).toEqual([]);
  });

  it('gets a job, 404 for an unknown one', async () => {
    expect((await request(app.getHttpServer()).get('/api/v1/batch-jobs/j9').expect(200)).body.jobId).toBe('j9');
    const res = await request(app.getHttpServer()).get('/api/v1/batch-jobs/missing').expect(404);
    expect(res.body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('lists jobs with the limit as a number', async () => {
    const res = await request(app.getHttpServer()).get('/api/v1/batch-jobs?state=RUNNING&limit=5').expect(200);
    expect(res.body.jobs).toHaveLength(1);
    expect(seen).toEqual([{ state: 'RUNNING', limit: 5 }]);
  });

  it('streams a job as server-sent events until it finishes', async () => {
    const emitter = new InProcessRpcClient(bus, 1000);
    const pending = request(app.getHttpServer())
      .get('/api/v1/batch-jobs/j2/events')
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          // Publish once the stream is open (the first event is the job as it is).
          if (text.includes('event: job') && !text.includes('event: partition')) {
            void emitter.emit(SUBJECTS.batch.events.partition, { jobId: 'other', partition: 9 });
            void emitter.emit(SUBJECTS.batch.events.partition, { jobId: 'j2', partition: 0, state: 'DONE' });
            void emitter.emit(SUBJECTS.batch.events.job, { jobId: 'j2', state: 'SUCCEEDED' });
          }
        });
        res.on('end', () => done(null, text));
      });
    const res = await pending.expect(200);
    const text = res.body as string;
    expect(text).toMatch(/event: job\nid: 1\ndata: \{"jobId":"j2"/);
    expect(text).toMatch(/event: partition\nid: 2\ndata: \{"jobId":"j2","partition":0/);
    expect(text).not.toMatch(/"partition":9/);
    expect(text).toMatch(/event: finished\nid: 3\ndata: \{"jobId":"j2","state":"SUCCEEDED"/);
  });

  const sse = (path: string) =>
    request(app.getHttpServer())
      .get(path)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => done(null, text));
      });

  it('sends nothing of a job the orchestrator will not show, even events that came while it was asked', async () => {
    const res = await sse('/api/v1/batch-jobs/hidden/events');
    expect(String(res.body)).not.toContain('rows-of-it');
    expect(String(res.body)).not.toContain('event: partition');
  });

  it('holds events that came while the job was fetched and sends them after it, in order', async () => {
    const text = String((await sse('/api/v1/batch-jobs/slow/events').expect(200)).body);
    expect(text.indexOf('event: job')).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('event: job')).toBeLessThan(text.indexOf('event: partition'));
    expect(text).toMatch(/event: finished/);
  });
});
