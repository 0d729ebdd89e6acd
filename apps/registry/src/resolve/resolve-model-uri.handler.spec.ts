import { ErrorCode } from '@llmops/contract';
import { rejectionOf } from '@llmops/messaging';
import { AliasesHandler } from '../aliases/aliases.handler';
import { CreateModelVersionHandler } from '../model-versions/create-model-version/create-model-version.handler';
import { AllowAllPromotions } from '../ports/promotion-policy.port';
import { TransitionStageHandler } from '../stages/transition-stage.handler';
import { FakeTracking, InMemoryRegistryStore, ManualClock, RecordingEvents } from '../testing/registry-fakes';
import { ResolveModelUriHandler } from './resolve-model-uri.handler';

describe('ResolveModelUriHandler', () => {
  const stored = 'file:///data/artifacts/1/r/artifacts';
  // Versions record (and resolve to) the proxy's location; inference asks tracking for the bytes.
  const root = 'mlflow-artifacts:/1/r/artifacts';
  let resolve: ResolveModelUriHandler;
  let tracking: FakeTracking;

  beforeAll(async () => {
    const store = new InMemoryRegistryStore();
    const events = new RecordingEvents();
    const clock = new ManualClock();
    tracking = new FakeTracking();
    tracking.addRun('r', stored);
    resolve = new ResolveModelUriHandler(store, tracking);
    await store.createModel({ name: 'm', description: '', userId: 'u', at: 1, tags: [] });
    const create = new CreateModelVersionHandler(store, tracking, events, clock);
    for (const path of ['v1', 'v2', 'v3']) await create.execute({ name: 'm', source: `runs:/r/${path}`, userId: 'u' });
    const transition = new TransitionStageHandler(store, new AllowAllPromotions(), events, clock);
    await transition.execute({ name: 'm', version: 1, stage: 'Production', userId: 'u' });
    await transition.execute({ name: 'm', version: 2, stage: 'Production', userId: 'u' });
    await new AliasesHandler(store, events, clock).set({ name: 'm', alias: 'champion', version: 1, userId: 'u' });
  });

  it.each([
    ['models:/m/2', 2, 'v2'],
    ['models:/m/Production', 2, 'v2'],
    ['models:/m/production', 2, 'v2'],
    ['models:/m@champion', 1, 'v1'],
    ['models:/m/None', 3, 'v3'],
    ['models:/m/latest', 3, 'v3'],
  ])('resolves %s to version %s', async (uri, version, path) => {
    await expect(resolve.execute(uri)).resolves.toEqual({
      name: 'm',
      version,
      storageLocation: `${root}/${path}`,
      runId: 'r',
      modelUri: uri,
    });
  });

  it('passes runs:/ URIs through to the run artifact root', async () => {
    await expect(resolve.execute('runs:/r/model')).resolves.toEqual({
      name: null,
      version: null,
      storageLocation: `${root}/model`,
      runId: 'r',
      modelUri: 'runs:/r/model',
    });
  });

  it("resolves MLflow 3's models:/<model_id> through tracking to the logged model's location", async () => {
    tracking.loggedModels.set(`m-${'a'.repeat(32)}`, { experimentId: '1', sourceRunId: 'r' });
    await expect(resolve.execute(`models:/m-${'a'.repeat(32)}`)).resolves.toEqual({
      name: null,
      version: null,
      storageLocation: `mlflow-artifacts:/1/models/m-${'a'.repeat(32)}/artifacts`,
      runId: 'r',
      modelUri: `models:/m-${'a'.repeat(32)}`,
    });
  });

  it.each([
    ['models:/m/9', ErrorCode.RESOURCE_DOES_NOT_EXIST],
    [`models:/m-${'b'.repeat(32)}`, ErrorCode.RESOURCE_DOES_NOT_EXIST],
    ['models:/m/Staging', ErrorCode.RESOURCE_DOES_NOT_EXIST],
    ['models:/m@challenger', ErrorCode.RESOURCE_DOES_NOT_EXIST],
    ['models:/ghost/1', ErrorCode.RESOURCE_DOES_NOT_EXIST],
    ['models:/m/Prod', ErrorCode.INVALID_PARAMETER_VALUE],
    ['runs:/r/%2e%2e/x', ErrorCode.INVALID_PARAMETER_VALUE],
    ['file:///etc/passwd', ErrorCode.INVALID_PARAMETER_VALUE],
  ])('refuses %s with %s', async (uri, code) => {
    expect((await rejectionOf(resolve.execute(uri))).code).toBe(code);
  });
});
