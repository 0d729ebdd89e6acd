import {
  ErrorCode,
  InvalidParameterError,
  ModelLoadError,
  ResourceNotFoundError,
  INFERENCE_LIMITS,
} from '@llmops/contract';
import { Summarizer } from '@llmops/pipeline';
import { rejectionOf } from '@llmops/messaging';
import { ModelCache } from '../model-cache/model-cache';
import { ModelPackageLoader } from '../model-loading/model-package-loader';
import { ModelUriResolver } from '../model-loading/model-uri-resolver';
import { ResolvedModelLocation } from '../model-loading/resolved-model';
import { InferenceLifecycle } from '../lifecycle/inference-lifecycle';
import { deferred, FakeSummarizer } from '../testing/fake-summarizer';
import { MicroBatcher } from './micro-batcher';
import { SummarizeHandler } from './summarize.handler';

class MapResolver extends ModelUriResolver {
  async resolve(modelUri: string): Promise<ResolvedModelLocation> {
    if (modelUri === 'runs:/missing/model') throw new ResourceNotFoundError('Run missing not found');
    return { modelUri, runId: 'r1', storageLocation: `file:///store/${modelUri.slice('runs:/'.length)}` };
  }
}

class MapLoader extends ModelPackageLoader {
  readonly made: FakeSummarizer[] = [];
  async load(resolved: ResolvedModelLocation): Promise<Summarizer> {
    if (resolved.storageLocation.includes('corrupt')) throw new ModelLoadError('MLmodel is not valid YAML');
    const s = new FakeSummarizer('ok');
    s.paramSchema = () => [{ name: 'maxNewTokens', type: 'long', default: 60, perCall: true, min: 1, max: 100 }];
    this.made.push(s);
    return s;
  }
}

function setup() {
  const loader = new MapLoader();
  const cache = new ModelCache(new MapResolver(), loader, { maxModels: 4 });
  const options = { transport: null as never, cacheDir: '/tmp', replicaName: 'replica-a' };
  const lifecycle = new InferenceLifecycle(cache, options);
  const handler = new SummarizeHandler(cache, new MicroBatcher({ maxBatchArticles: 1, waitMs: 0 }), lifecycle, options);
  return { handler, loader, cache, lifecycle };
}

const ok = (articles: unknown[], extra: object = {}) => ({ model_uri: 'runs:/r1/model', articles, ...extra });

describe('SummarizeHandler', () => {
  it('answers one result per article, in order, and names the model that answered', async () => {
    const { handler } = setup();
    const response = await handler.execute(ok(['first article text', 'second article text']));
    expect(response.model).toEqual({
      model_uri: 'runs:/r1/model',
      name: null,
      version: null,
      run_id: 'r1',
      storage_location: 'file:///store/r1/model',
    });
    expect(response.replica).toBe('replica-a');
    expect(response.results.map((r) => r.summary)).toEqual(['ok:first article text', 'ok:second article text']);
    expect(response.results[0]).toMatchObject({ truncated: false, tokens_in: 3, tokens_out: 3 });
  });

  it.each([
    ['an empty article', [''], /articles\[0\] is empty/],
    ['a whitespace article', ['fine', ' \n\t '], /articles\[1\] is empty or only whitespace/],
    ['a number', ['fine', 42], /articles\[1\] must be a string \(got number\)/],
    ['null', [null], /articles\[0\] must be a string \(got null\)/],
    ['an object', [{ text: 'x' }], /articles\[0\] must be a string \(got object\)/],
    ['no articles', [], /non-empty array/],
    ['too many articles', Array(INFERENCE_LIMITS.maxArticlesPerRequest + 1).fill('x'), /at most/],
  ])('refuses %s with INVALID_PARAMETER_VALUE before loading anything', async (_name, articles, message) => {
    const { handler, loader } = setup();
    const error = await rejectionOf(handler.execute(ok(articles)));
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error.message).toMatch(message);
    expect(loader.made).toHaveLength(0);
  });

  it('refuses unknown or mistyped settings with INVALID_PARAMETER_VALUE', async () => {
    const { handler } = setup();
    expect((await rejectionOf(handler.execute(ok(['a b c'], { settings: { nope: 1 } })))).code).toBe(
      ErrorCode.INVALID_PARAMETER_VALUE,
    );
    expect((await rejectionOf(handler.execute(ok(['a b c'], { settings: { maxNewTokens: 1000 } })))).message).toMatch(
      /maxNewTokens/,
    );
    expect((await rejectionOf(handler.execute(ok(['a b c'], { settings: { maxNewTokens: [1] } })))).message).toMatch(
      /settings.maxNewTokens must be a string, number or boolean/,
    );
    await expect(handler.execute(ok(['a b c'], { settings: { maxNewTokens: 20 } }))).resolves.toBeDefined();
  });

  it('cuts an absurdly long article and says so', async () => {
    const { handler } = setup();
    const huge = 'word '.repeat(INFERENCE_LIMITS.maxArticleChars);
    const response = await handler.execute(ok([huge, 'short one here']));
    expect(response.results.map((r) => r.truncated)).toEqual([true, false]);
  });

  it('reports an unknown model and a corrupt package with their codes, and keeps serving', async () => {
    const { handler } = setup();
    expect((await rejectionOf(handler.execute({ model_uri: 'runs:/missing/model', articles: ['x'] }))).code).toBe(
      ErrorCode.RESOURCE_DOES_NOT_EXIST,
    );
    expect((await rejectionOf(handler.execute({ model_uri: 'runs:/corrupt/model', articles: ['x'] }))).code).toBe(
      ErrorCode.MODEL_LOAD_FAILED,
    );
    expect((await rejectionOf(handler.execute({ model_uri: 'hf://t5-small', articles: ['x'] }))).code).toBe(
      ErrorCode.INVALID_PARAMETER_VALUE,
    );
    await expect(handler.execute(ok(['still serving']))).resolves.toBeDefined();
  });

  it('releases the model after each request, failed or not', async () => {
    const { handler, cache } = setup();
    await handler.execute(ok(['x y']));
    await rejectionOf(handler.execute(ok(['x'], { settings: { nope: 1 } })));
    expect(cache.activeLeases()).toBe(0);
  });

  it('refuses new requests while draining and lets running ones finish', async () => {
    const { handler, loader, lifecycle } = setup();
    await handler.execute(ok(['warm up']));
    const gate = deferred();
    loader.made[0].gate = gate.promise;
    const running = handler.execute(ok(['in flight']));
    await new Promise((r) => setImmediate(r));
    const drained = lifecycle.drain(10_000);
    expect((await rejectionOf(handler.execute(ok(['late'])))).code).toBe(ErrorCode.TEMPORARILY_UNAVAILABLE);
    gate.resolve();
    await expect(running).resolves.toMatchObject({ results: [{ summary: 'ok:in flight' }] });
    await drained;
    expect(lifecycle.inFlightCount).toBe(0);
  });
});
