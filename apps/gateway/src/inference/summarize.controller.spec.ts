import { Controller, INestApplication, INestMicroservice, Module } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import request from 'supertest';
import { ModelLoadError, ResourceNotFoundError, SUBJECTS, SummarizeRequest } from '@llmops/contract';
import { InProcessBus, startService } from '@llmops/messaging';
import { createGatewayApp } from '../app/create-gateway-app';
import { summarizeTimeoutMs } from './summarize.controller';

const seen: unknown[] = [];

/** A stand-in inference service on the in-process bus. */
@Controller()
class FakeInferenceController {
  @MessagePattern(SUBJECTS.inference.summarize)
  summarize(@Payload() req: SummarizeRequest) {
    seen.push(req);
    if (req.model_uri === 'models:/missing/1') throw new ResourceNotFoundError('Registered model missing not found');
    if (req.model_uri === 'runs:/corrupt/model') throw new ModelLoadError('MLmodel is not valid');
    return {
      model: {
        model_uri: req.model_uri,
        name: null,
        version: null,
        run_id: null,
        storage_location: 'builtin:extractive',
      },
      replica: 'fake',
      results: (req.articles as string[]).map((a) => ({
        summary: a.slice(0, 5),
        truncated: false,
        tokens_in: 1,
        tokens_out: 1,
        latency_ms: 1,
      })),
    };
  }
}

@Module({ controllers: [FakeInferenceController] })
class FakeInferenceModule {}

describe('POST /api/v1/summarize', () => {
  let inference: INestMicroservice;
  let app: INestApplication;

  beforeAll(async () => {
    const bus = new InProcessBus();
    inference = await startService(
      FakeInferenceModule,
      { kind: 'in-process', bus },
      { queue: 'inference', logger: false },
    );
    app = await createGatewayApp({}, { kind: 'in-process', bus }, { logger: false, requestLog: () => undefined });
  });

  afterAll(async () => {
    await app.close();
    await inference.close();
  });

  it('forwards the request and answers the results', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/v1/summarize')
      .send({ model_uri: 'extractive', articles: ['Hello world. Second.'], settings: { maxSentences: 1 } })
      .expect(200);
    expect(res.body.results).toEqual([
      { summary: 'Hello', truncated: false, tokens_in: 1, tokens_out: 1, latency_ms: 1 },
    ]);
    expect(seen.at(-1)).toEqual({
      model_uri: 'extractive',
      articles: ['Hello world. Second.'],
      settings: { maxSentences: 1 },
    });
  });

  it.each([
    ['no articles', 400, 'INVALID_PARAMETER_VALUE', { model_uri: 'extractive', articles: [] }],
    ['no model', 400, 'INVALID_PARAMETER_VALUE', { articles: ['x'] }],
    ['an unknown model', 404, 'RESOURCE_DOES_NOT_EXIST', { model_uri: 'models:/missing/1', articles: ['x'] }],
    ['a corrupt package', 422, 'MODEL_LOAD_FAILED', { model_uri: 'runs:/corrupt/model', articles: ['x'] }],
  ])('maps %s to HTTP %i %s', async (_name, status, code, body) => {
    const res = await request(app.getHttpServer()).post('/api/v1/summarize').send(body).expect(status);
    expect(res.body.error_code).toBe(code);
  });

  it('gives large requests more time', () => {
    expect(summarizeTimeoutMs({ articles: ['a'] })).toBe(40_000);
    expect(summarizeTimeoutMs({ articles: Array(64).fill('a') })).toBe(600_000);
    expect(summarizeTimeoutMs(null)).toBe(40_000);
  });
});
