import { ErrorCode, HistoryAction, SUBJECTS } from '@llmops/contract';
import { rejectionOf } from '@llmops/messaging';
import { CreateModelVersionHandler } from '../model-versions/create-model-version/create-model-version.handler';
import { ManageModelVersionsHandler } from '../model-versions/manage-model-versions/manage-model-versions.handler';
import { FakeTracking, InMemoryRegistryStore, ManualClock, RecordingEvents } from '../testing/registry-fakes';
import { HistoryHandler } from '../history/history.handler';
import { AliasesHandler } from './aliases.handler';

describe('AliasesHandler and history.at', () => {
  let store: InMemoryRegistryStore;
  let events: RecordingEvents;
  let clock: ManualClock;
  let aliases: AliasesHandler;
  let history: HistoryHandler;

  beforeEach(async () => {
    store = new InMemoryRegistryStore();
    events = new RecordingEvents();
    clock = new ManualClock(1000);
    const tracking = new FakeTracking();
    tracking.addRun('r');
    aliases = new AliasesHandler(store, events, clock);
    history = new HistoryHandler(store);
    await store.createModel({ name: 'm', description: '', userId: 'u', at: 1, tags: [] });
    const create = new CreateModelVersionHandler(store, tracking, new RecordingEvents(), clock);
    for (let i = 0; i < 2; i++) await create.execute({ name: 'm', source: 'runs:/r/model', userId: 'u' });
  });

  it('moves an alias between versions, records each move, answers history.at', async () => {
    clock.time = 2000;
    expect(await aliases.set({ name: 'm', alias: 'champion', version: 1, userId: 'ann' })).toMatchObject({
      previousVersion: null,
    });
    clock.time = 3000;
    expect(
      await aliases.set({ name: 'm', alias: 'champion', version: 2, reason: 'better rouge', userId: 'bob' }),
    ).toMatchObject({ previousVersion: 1 });
    expect((await aliases.get('m', 'champion')).version).toBe(2);
    expect((await store.findVersion('m', 1))?.aliases).toEqual([]);
    expect((await store.findVersion('m', 2))?.aliases).toEqual(['champion']);

    const entries = await history.list('m');
    expect(entries.map((e) => [e.action, e.alias, e.version, e.previousVersion, e.userId])).toEqual([
      [HistoryAction.ALIAS_SET, 'champion', 1, null, 'ann'],
      [HistoryAction.ALIAS_SET, 'champion', 2, 1, 'bob'],
    ]);
    expect((await history.at({ name: 'm', alias: 'champion', at: 1999 })).version).toBeNull();
    expect((await history.at({ name: 'm', alias: 'champion', at: 2500 })).version).toBe(1);
    expect((await history.at({ name: 'm', alias: 'champion', at: 3000 })).version).toBe(2);
    expect(events.published.map((e) => [e.subject, e.payload.modelUris])).toEqual([
      [SUBJECTS.registry.events.aliasSet, ['models:/m@champion']],
      [SUBJECTS.registry.events.aliasSet, ['models:/m@champion']],
    ]);

    clock.time = 4000;
    await aliases.delete({ name: 'm', alias: 'champion', userId: 'ann' });
    expect((await history.at({ name: 'm', alias: 'champion', at: 4000 })).version).toBeNull();
    // As MLflow answers an alias that is not set: INVALID_PARAMETER_VALUE.
    expect((await rejectionOf(aliases.get('m', 'champion'))).code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
  });

  it('drops the aliases of a deleted version and records it', async () => {
    await aliases.set({ name: 'm', alias: 'challenger', version: 2, userId: 'u' });
    clock.time = 5000;
    await new ManageModelVersionsHandler(store, events, clock).delete('m', 2, 'u');
    expect((await store.findModel('m'))?.aliases).toEqual([]);
    expect((await history.at({ name: 'm', alias: 'challenger', at: 4999 })).version).toBe(2);
    expect((await history.at({ name: 'm', alias: 'challenger', at: 5000 })).version).toBeNull();
  });

  it.each([
    [{ alias: 'latest' }, ErrorCode.INVALID_PARAMETER_VALUE],
    [{ alias: 'v3' }, ErrorCode.INVALID_PARAMETER_VALUE],
    [{ alias: 'bad alias' }, ErrorCode.INVALID_PARAMETER_VALUE],
    [{ version: 7 }, ErrorCode.RESOURCE_DOES_NOT_EXIST],
    [{ name: 'ghost' }, ErrorCode.RESOURCE_DOES_NOT_EXIST],
  ])('refuses %j with %s and changes nothing', async (override, code) => {
    const error = await rejectionOf(
      aliases.set({ name: 'm', alias: 'champion', version: 1, userId: 'u', ...override }),
    );
    expect(error.code).toBe(code);
    expect((await store.findModel('m'))?.aliases).toEqual([]);
    expect(await store.history('m')).toEqual([]);
    expect(events.published).toEqual([]);
  });

  it('answers history.at for stages and refuses ambiguous questions', async () => {
    expect((await history.at({ name: 'm', stage: 'None', at: 1000 })).versions).toEqual([1, 2]);
    expect((await rejectionOf(history.at({ name: 'm', at: 1 }))).code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    expect((await rejectionOf(history.at({ name: 'm', stage: 'None', alias: 'a', at: 1 }))).code).toBe(
      ErrorCode.INVALID_PARAMETER_VALUE,
    );
    expect((await rejectionOf(history.at({ name: 'm', stage: 'Live', at: 1 }))).code).toBe(
      ErrorCode.INVALID_PARAMETER_VALUE,
    );
  });
});
