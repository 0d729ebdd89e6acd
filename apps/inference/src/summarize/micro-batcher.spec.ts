import { deferred, FakeSummarizer } from '../testing/fake-summarizer';
import { MicroBatcher } from './micro-batcher';

describe('MicroBatcher', () => {
  it('passes each request straight through when batching is off', async () => {
    const model = new FakeSummarizer('m');
    const batcher = new MicroBatcher({ maxBatchArticles: 1, waitMs: 5 });
    const results = await Promise.all([batcher.summarize(model, ['a one']), batcher.summarize(model, ['b two'])]);
    expect(model.calls.map((c) => c.articles)).toEqual([['a one'], ['b two']]);
    expect(results.map((r) => r[0].summary)).toEqual(['m:a one', 'm:b two']);
  });

  it('summarizes requests that arrive together in one call and gives each its own results', async () => {
    const model = new FakeSummarizer('m');
    const batcher = new MicroBatcher({ maxBatchArticles: 8, waitMs: 5 });
    const results = await Promise.all([
      batcher.summarize(model, ['a1', 'a2']),
      batcher.summarize(model, ['b1']),
      batcher.summarize(model, ['c1', 'c2', 'c3']),
    ]);
    expect(model.calls.map((c) => c.articles)).toEqual([['a1', 'a2', 'b1', 'c1', 'c2', 'c3']]);
    expect(results.map((r) => r.map((x) => x.summary))).toEqual([['m:a1', 'm:a2'], ['m:b1'], ['m:c1', 'm:c2', 'm:c3']]);
  });

  it('never exceeds the batch bound and never splits a request', async () => {
    const model = new FakeSummarizer('m');
    const batcher = new MicroBatcher({ maxBatchArticles: 3, waitMs: 5 });
    await Promise.all([
      batcher.summarize(model, ['a1', 'a2']),
      batcher.summarize(model, ['b1', 'b2']),
      batcher.summarize(model, ['c1', 'c2', 'c3', 'c4']),
      batcher.summarize(model, ['d1']),
    ]);
    expect(model.calls.map((c) => c.articles)).toEqual([['a1', 'a2'], ['b1', 'b2'], ['c1', 'c2', 'c3', 'c4'], ['d1']]);
  });

  it('batches what queued up while the model was busy', async () => {
    const model = new FakeSummarizer('m');
    const gate = deferred();
    model.gate = gate.promise;
    const batcher = new MicroBatcher({ maxBatchArticles: 8, waitMs: 0 });
    const first = batcher.summarize(model, ['a']);
    await new Promise((r) => setImmediate(r));
    const later = [batcher.summarize(model, ['b']), batcher.summarize(model, ['c'])];
    gate.resolve();
    await Promise.all([first, ...later]);
    expect(model.calls.map((c) => c.articles)).toEqual([['a'], ['b', 'c']]);
  });

  it('keeps different models and different settings apart', async () => {
    const m1 = new FakeSummarizer('m1');
    const m2 = new FakeSummarizer('m2');
    const batcher = new MicroBatcher({ maxBatchArticles: 8, waitMs: 5 });
    await Promise.all([
      batcher.summarize(m1, ['a'], { maxNewTokens: 10 }),
      batcher.summarize(m1, ['b'], { maxNewTokens: 10 }),
      batcher.summarize(m1, ['c'], { maxNewTokens: 20 }),
      batcher.summarize(m2, ['d'], { maxNewTokens: 10 }),
    ]);
    expect(m1.calls).toEqual([
      { articles: ['a', 'b'], overrides: { maxNewTokens: 10 } },
      { articles: ['c'], overrides: { maxNewTokens: 20 } },
    ]);
    expect(m2.calls).toEqual([{ articles: ['d'], overrides: { maxNewTokens: 10 } }]);
  });

  it('retries each request alone when a batch fails, so one bad request fails only itself', async () => {
    const model = new FakeSummarizer('m');
    const original = model.summarize.bind(model);
    model.summarize = async (articles, overrides) => {
      if (articles.includes('poison')) throw new Error('model failed on poison');
      return original(articles, overrides);
    };
    const batcher = new MicroBatcher({ maxBatchArticles: 8, waitMs: 5 });
    const outcomes = await Promise.allSettled([
      batcher.summarize(model, ['good one']),
      batcher.summarize(model, ['poison']),
      batcher.summarize(model, ['good two']),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // And the lane keeps working afterwards.
    await expect(batcher.summarize(model, ['after'])).resolves.toHaveLength(1);
  });
});
