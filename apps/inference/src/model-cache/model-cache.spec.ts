import { ErrorCode, ModelLoadError, ResourceNotFoundError } from '@llmops/contract';
import { Summarizer } from '@llmops/pipeline';
import { rejectionOf } from '@llmops/messaging';
import { ModelPackageLoader } from '../model-loading/model-package-loader';
import { ModelUriResolver } from '../model-loading/model-uri-resolver';
import { ResolvedModelLocation } from '../model-loading/resolved-model';
import { deferred, FakeSummarizer } from '../testing/fake-summarizer';
import { canonicalModelUri, ModelCache } from './model-cache';

class FakeResolver extends ModelUriResolver {
  /** Where each URI points now; change it to simulate a registry move. */
  readonly targets = new Map<string, string>();
  resolveCalls = 0;

  async resolve(modelUri: string): Promise<ResolvedModelLocation> {
    this.resolveCalls += 1;
    const location = this.targets.get(modelUri);
    if (!location) throw new ResourceNotFoundError(`No model ${modelUri}`);
    return { modelUri, runId: 'run1', storageLocation: location };
  }
}

class FakeLoader extends ModelPackageLoader {
  readonly loads: string[] = [];
  readonly made: FakeSummarizer[] = [];
  gate?: Promise<void>;
  failing = new Set<string>();

  async load(resolved: ResolvedModelLocation): Promise<Summarizer> {
    this.loads.push(resolved.storageLocation);
    if (this.gate) await this.gate;
    if (this.failing.has(resolved.storageLocation))
      throw new ModelLoadError(`MLmodel missing in ${resolved.storageLocation}`);
    const summarizer = new FakeSummarizer(resolved.storageLocation);
    this.made.push(summarizer);
    return summarizer;
  }
}

function setup(maxModels = 4) {
  const resolver = new FakeResolver();
  const loader = new FakeLoader();
  const cache = new ModelCache(resolver, loader, { maxModels });
  return { resolver, loader, cache };
}

describe('ModelCache', () => {
  it('loads a URI once when many requests ask for it at the same time', async () => {
    const { resolver, loader, cache } = setup();
    resolver.targets.set('runs:/r1/model', 'file:///a');
    const gate = deferred();
    loader.gate = gate.promise;
    const pending = Array.from({ length: 10 }, () => cache.get('runs:/r1/model'));
    gate.resolve();
    const models = await Promise.all(pending);
    expect(loader.loads).toEqual(['file:///a']);
    expect(new Set(models.map((m) => m.summarizer)).size).toBe(1);
    expect(models[0].resolved).toEqual({ modelUri: 'runs:/r1/model', runId: 'run1', storageLocation: 'file:///a' });
    // Later requests hit the cache too.
    await cache.get('runs:/r1/model');
    expect(loader.loads).toHaveLength(1);
  });

  it('keys by the canonical URI (stage names are case-insensitive)', async () => {
    const { resolver, loader, cache } = setup();
    resolver.targets.set('models:/m/Production', 'file:///p');
    await cache.get('models:/m/production');
    await cache.get('models:/m/Production');
    expect(loader.loads).toEqual(['file:///p']);
    expect(canonicalModelUri('models:/m/staging')).toBe('models:/m/Staging');
    expect(canonicalModelUri('extractive')).toBe('extractive');
  });

  it('does not cache a failure: concurrent callers share it, the next call retries', async () => {
    const { resolver, loader, cache } = setup();
    resolver.targets.set('runs:/r1/model', 'file:///bad');
    loader.failing.add('file:///bad');
    const errors = await Promise.all([
      rejectionOf(cache.get('runs:/r1/model')),
      rejectionOf(cache.get('runs:/r1/model')),
    ]);
    expect(errors.map((e) => e.code)).toEqual([ErrorCode.MODEL_LOAD_FAILED, ErrorCode.MODEL_LOAD_FAILED]);
    expect(loader.loads).toHaveLength(1);
    loader.failing.clear();
    await expect(cache.get('runs:/r1/model')).resolves.toBeDefined();
    expect(loader.loads).toHaveLength(2);
  });

  it('reports a bad URI and an unknown model with their codes', async () => {
    const { cache } = setup();
    expect((await rejectionOf(cache.get('nonsense:/x'))).code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    expect((await rejectionOf(cache.get('runs:/nope/model'))).code).toBe(ErrorCode.RESOURCE_DOES_NOT_EXIST);
  });

  it('unloads the least recently used model beyond the bound, once it is released', async () => {
    const { resolver, loader, cache } = setup(2);
    for (const x of ['a', 'b', 'c']) resolver.targets.set(`runs:/${x}/model`, `file:///${x}`);
    const a = await cache.get('runs:/a/model');
    (await cache.get('runs:/b/model')).release();
    a.release();
    await cache.get('runs:/a/model'); // a is now more recent than b
    const held = await cache.get('runs:/a/model');
    await cache.get('runs:/c/model'); // evicts b
    expect(cache.loadedUris().sort()).toEqual(['runs:/a/model', 'runs:/c/model']);
    const [fa, fb] = loader.made;
    await flush();
    expect(fb.disposed).toBe(true);
    expect(fa.disposed).toBe(false);
    held.release();
    await cache.get('runs:/b/model'); // reloads b, evicts the least recent (a... or c)
    expect(loader.loads.filter((l) => l === 'file:///b')).toHaveLength(2);
  });

  it('keeps an evicted model loaded until its holders release it', async () => {
    const { resolver, loader, cache } = setup(1);
    resolver.targets.set('runs:/a/model', 'file:///a');
    resolver.targets.set('runs:/b/model', 'file:///b');
    const a = await cache.get('runs:/a/model');
    await cache.get('runs:/b/model');
    await flush();
    expect(loader.made[0].disposed).toBe(false);
    a.release();
    a.release(); // idempotent
    await flush();
    expect(loader.made[0].disposed).toBe(true);
    expect(cache.activeLeases()).toBe(1);
  });

  it('reloads a URI the registry moved and disposes the old model after in-flight use', async () => {
    const { resolver, loader, cache } = setup();
    resolver.targets.set('models:/m/Production', 'file:///v1');
    const inFlight = await cache.get('models:/m/Production');
    resolver.targets.set('models:/m/Production', 'file:///v2');
    await cache.refresh(['models:/m/Production', 'models:/other/1', 'not a uri']);
    const after = await cache.get('models:/m/Production');
    expect(loader.loads).toEqual(['file:///v1', 'file:///v2']);
    expect(after.resolved.storageLocation).toBe('file:///v2');
    expect((after.summarizer as FakeSummarizer).tag).toBe('file:///v2');
    await flush();
    expect((inFlight.summarizer as FakeSummarizer).disposed).toBe(false);
    await expect(inFlight.summarizer.summarize(['still works'])).resolves.toHaveLength(1);
    inFlight.release();
    await flush();
    expect((inFlight.summarizer as FakeSummarizer).disposed).toBe(true);
  });

  it('does nothing on an event for a URI whose target did not change, or that it never loaded', async () => {
    const { resolver, loader, cache } = setup();
    resolver.targets.set('models:/m@champion', 'file:///v1');
    (await cache.get('models:/m@champion')).release();
    await cache.refresh(['models:/m@champion', 'models:/x/Staging']);
    expect(loader.loads).toEqual(['file:///v1']);
    expect(loader.made[0].disposed).toBe(false);
  });

  it('unloads a URI that no longer resolves', async () => {
    const { resolver, loader, cache } = setup();
    resolver.targets.set('models:/m/Staging', 'file:///v1');
    (await cache.get('models:/m/Staging')).release();
    resolver.targets.delete('models:/m/Staging');
    await cache.refresh(['models:/m/Staging']);
    await flush();
    expect(loader.made[0].disposed).toBe(true);
    expect((await rejectionOf(cache.get('models:/m/Staging'))).code).toBe(ErrorCode.RESOURCE_DOES_NOT_EXIST);
  });

  it('disposes everything on shutdown', async () => {
    const { resolver, loader, cache } = setup();
    resolver.targets.set('runs:/a/model', 'file:///a');
    await cache.get('runs:/a/model');
    await cache.disposeAll();
    expect(loader.made[0].disposed).toBe(true);
    expect(cache.loadedUris()).toEqual([]);
  });
});

function flush() {
  return new Promise((r) => setImmediate(r));
}
