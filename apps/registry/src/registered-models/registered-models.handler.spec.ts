import { ErrorCode, SUBJECTS } from '@llmops/contract';
import { rejectionOf } from '@llmops/messaging';
import { AliasesHandler } from '../aliases/aliases.handler';
import { CreateModelVersionHandler } from '../model-versions/create-model-version/create-model-version.handler';
import { ManageModelVersionsHandler } from '../model-versions/manage-model-versions/manage-model-versions.handler';
import { AllowAllPromotions } from '../ports/promotion-policy.port';
import { TransitionStageHandler } from '../stages/transition-stage.handler';
import { FakeTracking, InMemoryRegistryStore, ManualClock, RecordingEvents } from '../testing/registry-fakes';
import { RegisteredModelsHandler } from './registered-models.handler';

describe('RegisteredModelsHandler and version management', () => {
  let store: InMemoryRegistryStore;
  let events: RecordingEvents;
  let clock: ManualClock;
  let models: RegisteredModelsHandler;
  let versions: ManageModelVersionsHandler;

  beforeEach(async () => {
    store = new InMemoryRegistryStore();
    events = new RecordingEvents();
    clock = new ManualClock(1000);
    models = new RegisteredModelsHandler(store, events, clock);
    versions = new ManageModelVersionsHandler(store, events, clock);
    const tracking = new FakeTracking();
    tracking.addRun('r');
    await models.create({ name: 'm', description: 'd', tags: [{ key: 'team', value: 'nlp' }], userId: 'ann' });
    const create = new CreateModelVersionHandler(store, tracking, new RecordingEvents(), clock);
    for (let i = 0; i < 2; i++) await create.execute({ name: 'm', source: 'runs:/r/model', userId: 'ann' });
    await new TransitionStageHandler(store, new AllowAllPromotions(), new RecordingEvents(), clock).execute({
      name: 'm',
      version: 2,
      stage: 'Production',
      userId: 'ann',
    });
    await new AliasesHandler(store, new RecordingEvents(), clock).set({
      name: 'm',
      alias: 'champion',
      version: 2,
      userId: 'ann',
    });
  });

  it('refuses a duplicate name and reports the latest version per stage', async () => {
    expect((await rejectionOf(models.create({ name: 'm', userId: 'bob' }))).code).toBe(
      ErrorCode.RESOURCE_ALREADY_EXISTS,
    );
    const got = await models.get('m');
    expect(got.latest.map((v) => [v.version, v.stage])).toEqual([
      [1, 'None'],
      [2, 'Production'],
    ]);
    expect(got.model.aliases).toEqual([{ alias: 'champion', version: 2 }]);
  });

  it('renames, publishing the URIs that no longer resolve', async () => {
    await models.create({ name: 'taken', userId: 'bob' });
    expect((await rejectionOf(models.rename('m', 'taken', 'bob'))).code).toBe(ErrorCode.RESOURCE_ALREADY_EXISTS);
    const renamed = await models.rename('m', 'm2', 'bob');
    expect(renamed.model.name).toBe('m2');
    expect(await store.findModel('m')).toBeNull();
    expect((await store.listVersions('m2')).map((v) => v.name)).toEqual(['m2', 'm2']);
    expect(events.published).toEqual([
      {
        subject: SUBJECTS.registry.events.modelRenamed,
        payload: expect.objectContaining({
          name: 'm2',
          oldName: 'm',
          modelUris: expect.arrayContaining(['models:/m/2', 'models:/m/Production', 'models:/m@champion']),
        }),
      },
    ]);
  });

  it('sets and deletes tags; deleting a missing tag is RESOURCE_DOES_NOT_EXIST', async () => {
    await models.setTag('m', { key: 'owner', value: 'ann' });
    await models.deleteTag('m', 'team');
    expect((await store.findModel('m'))?.tags).toEqual([{ key: 'owner', value: 'ann' }]);
    expect((await rejectionOf(models.deleteTag('m', 'team'))).code).toBe(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    await versions.setTag('m', 1, { key: 'k', value: 'v' });
    expect((await versions.get('m', 1)).tags).toEqual([{ key: 'k', value: 'v' }]);
    await versions.deleteTag('m', 1, 'k');
    expect((await rejectionOf(versions.deleteTag('m', 1, 'k'))).code).toBe(ErrorCode.RESOURCE_DOES_NOT_EXIST);
  });

  it('deletes a version: its stage and aliases end in the history, and an event says which URIs moved', async () => {
    clock.time = 9000;
    await versions.delete('m', 2, 'bob');
    expect((await rejectionOf(versions.get('m', 2))).code).toBe(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    const history = await store.history('m');
    expect(history.slice(-2).map((e) => [e.action, e.version, e.fromStage, e.alias, e.at])).toEqual([
      ['version_deleted', 2, 'Production', null, 9000],
      ['alias_deleted', 2, null, 'champion', 9000],
    ]);
    expect(events.published[0]).toEqual({
      subject: SUBJECTS.registry.events.versionDeleted,
      payload: expect.objectContaining({
        version: 2,
        fromStage: 'Production',
        aliases: ['champion'],
        modelUris: ['models:/m/2', 'models:/m/Production', 'models:/m/latest', 'models:/m@champion'],
      }),
    });
  });

  it('deletes the model with its versions and publishes every URI it served', async () => {
    await models.delete('m', 'bob');
    expect(await store.findModel('m')).toBeNull();
    expect(await store.listVersions('m')).toEqual([]);
    expect((await rejectionOf(models.get('m'))).code).toBe(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    expect(events.published[0]).toEqual({
      subject: SUBJECTS.registry.events.modelDeleted,
      payload: expect.objectContaining({
        name: 'm',
        versions: [1, 2],
        modelUris: expect.arrayContaining([
          'models:/m/1',
          'models:/m/2',
          'models:/m/None',
          'models:/m/Production',
          'models:/m/latest',
          'models:/m@champion',
        ]),
      }),
    });
    expect((await rejectionOf(models.delete('m', 'bob'))).code).toBe(ErrorCode.RESOURCE_DOES_NOT_EXIST);
  });

  it('searches only the models the caller may read, before paging', async () => {
    for (const name of ['a', 'b', 'c']) await models.create({ name, userId: 'bob' });
    const page = await models.search({ maxResults: 1, visibleNames: ['b', 'm'] });
    expect(page.models.map((m) => m.model.name)).toEqual(['b']);
    const rest = await models.search({ maxResults: 1, visibleNames: ['b', 'm'], pageToken: page.nextPageToken });
    expect(rest.models.map((m) => m.model.name)).toEqual(['m']);
    expect(rest.nextPageToken).toBeUndefined();
    expect(await models.search({ maxResults: 1, visibleNames: [] })).toEqual({ models: [] });
    const versionsOf = await versions.search({ visibleNames: ['a'] });
    expect(versionsOf.versions).toEqual([]);
    expect((await versions.search({ visibleNames: ['m'] })).versions).toHaveLength(2);
  });
});
