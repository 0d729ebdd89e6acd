import { ErrorCode, SUBJECTS } from '@llmops/contract';
import { rejectionOf } from '@llmops/messaging';
import { FakeTracking, InMemoryRegistryStore, ManualClock, RecordingEvents } from '../../testing/registry-fakes';
import { ManageModelVersionsHandler } from '../manage-model-versions/manage-model-versions.handler';
import { CreateModelVersionHandler } from './create-model-version.handler';

describe('CreateModelVersionHandler', () => {
  let store: InMemoryRegistryStore;
  let tracking: FakeTracking;
  let events: RecordingEvents;
  let handler: CreateModelVersionHandler;
  const clock = new ManualClock();

  beforeEach(async () => {
    store = new InMemoryRegistryStore();
    tracking = new FakeTracking();
    events = new RecordingEvents();
    handler = new CreateModelVersionHandler(store, tracking, events, clock);
    tracking.addRun('run1');
    await store.createModel({ name: 'summarizer', description: '', userId: 'u', at: 1, tags: [] });
  });

  const create = (source = 'runs:/run1/model', runId?: string) =>
    handler.execute({ name: 'summarizer', source, runId, userId: 'alice' });

  it('numbers versions 1, 2, 3 and stores the served location of the package, whatever form the source had', async () => {
    const v1 = await create();
    const v2 = await create('file:///data/artifacts/1/run1/artifacts/model', 'run1');
    const v3 = await create('mlflow-artifacts:/1/run1/artifacts/model', 'run1');
    expect([v1.version, v2.version, v3.version]).toEqual([1, 2, 3]);
    expect(v1).toMatchObject({
      runId: 'run1',
      source: 'runs:/run1/model',
      storageLocation: 'mlflow-artifacts:/1/run1/artifacts/model',
      loggedModelId: null,
      stage: 'None',
      userId: 'alice',
    });
    expect(v2.storageLocation).toBe('mlflow-artifacts:/1/run1/artifacts/model');
    expect(v3.storageLocation).toBe('mlflow-artifacts:/1/run1/artifacts/model');
  });

  it("registers MLflow 3's logged models by models:/<model_id>, with the run that produced them", async () => {
    const id = `m-${'c'.repeat(32)}`;
    tracking.loggedModels.set(id, { experimentId: '1', sourceRunId: 'run1' });
    const v = await handler.execute({ name: 'summarizer', source: `models:/${id}`, modelId: id, userId: 'alice' });
    expect(v).toMatchObject({
      runId: 'run1',
      loggedModelId: id,
      storageLocation: `mlflow-artifacts:/1/models/${id}/artifacts`,
    });
    const wrongModel = await rejectionOf(
      handler.execute({ name: 'summarizer', source: `models:/${id}`, modelId: `m-${'d'.repeat(32)}`, userId: 'a' }),
    );
    expect(wrongModel.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    const wrongRun = await rejectionOf(
      handler.execute({ name: 'summarizer', source: `models:/${id}`, runId: 'other', userId: 'a' }),
    );
    expect(wrongRun.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    const unknown = await rejectionOf(
      handler.execute({ name: 'summarizer', source: `models:/m-${'e'.repeat(32)}`, userId: 'a' }),
    );
    expect(unknown.code).toBe(ErrorCode.RESOURCE_DOES_NOT_EXIST);
  });

  it('gives twenty concurrent creations the numbers 1..20', async () => {
    const versions = await Promise.all(Array.from({ length: 20 }, () => create()));
    expect(versions.map((v) => v.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('never reuses the number of a deleted version', async () => {
    await create();
    await create();
    await new ManageModelVersionsHandler(store, events, clock).delete('summarizer', 2, 'alice');
    expect((await create()).version).toBe(3);
  });

  it('publishes version-created with the URIs that may now resolve differently', async () => {
    await create();
    expect(events.published).toEqual([
      {
        subject: SUBJECTS.registry.events.versionCreated,
        payload: expect.objectContaining({
          name: 'summarizer',
          version: 1,
          modelUris: ['models:/summarizer/1', 'models:/summarizer/latest', 'models:/summarizer/None'],
        }),
      },
    ]);
  });

  it('fails with TEMPORARILY_UNAVAILABLE and creates nothing when tracking is down', async () => {
    tracking.reachable = false;
    const error = await rejectionOf(create());
    expect(error.code).toBe(ErrorCode.TEMPORARILY_UNAVAILABLE);
    expect(await store.listVersions('summarizer')).toEqual([]);
    tracking.reachable = true;
    expect((await create()).version).toBe(1);
  });

  it.each([
    ['/etc', 'run1'],
    ['file:///tmp/x', 'run1'],
    ['../x', 'run1'],
    ['runs:/run1/%2e%2e/%2e%2e/etc', undefined],
    ['https://example.com/model', 'run1'],
  ])('refuses source %s and creates nothing', async (source, runId) => {
    const error = await rejectionOf(create(source, runId));
    expect(error.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    expect(await store.listVersions('summarizer')).toEqual([]);
    expect(events.published).toEqual([]);
  });

  it('refuses an unknown model or run', async () => {
    expect((await rejectionOf(handler.execute({ name: 'nope', source: 'runs:/run1/m', userId: 'a' }))).code).toBe(
      ErrorCode.RESOURCE_DOES_NOT_EXIST,
    );
    expect((await rejectionOf(create('runs:/ghost/model'))).code).toBe(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    expect(await store.listVersions('summarizer')).toEqual([]);
  });

  it('refuses a deleted run', async () => {
    tracking.runs.get('run1')!.lifecycleStage = 'deleted';
    expect((await rejectionOf(create())).code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
  });
});
