import { ErrorCode, GateRejectedError, HistoryAction, SUBJECTS } from '@llmops/contract';
import { rejectionOf } from '@llmops/messaging';
import { AllowAllPromotions, PromotionPolicy, PromotionRequest } from '../ports/promotion-policy.port';
import { FakeTracking, InMemoryRegistryStore, ManualClock, RecordingEvents } from '../testing/registry-fakes';
import { CreateModelVersionHandler } from '../model-versions/create-model-version/create-model-version.handler';
import { TransitionStageHandler } from './transition-stage.handler';

describe('TransitionStageHandler', () => {
  let store: InMemoryRegistryStore;
  let events: RecordingEvents;
  let clock: ManualClock;
  let handler: TransitionStageHandler;

  beforeEach(async () => {
    store = new InMemoryRegistryStore();
    events = new RecordingEvents();
    clock = new ManualClock();
    const tracking = new FakeTracking();
    tracking.addRun('r');
    handler = new TransitionStageHandler(store, new AllowAllPromotions(), events, clock);
    await store.createModel({ name: 'm', description: '', userId: 'u', at: 1, tags: [] });
    const create = new CreateModelVersionHandler(store, tracking, new RecordingEvents(), clock);
    for (let i = 0; i < 3; i++) await create.execute({ name: 'm', source: 'runs:/r/model', userId: 'u' });
  });

  const stages = async () => (await store.listVersions('m')).map((v) => [v.version, v.stage]);

  it('moves a version and records who, when, why and the evaluation', async () => {
    clock.time = 5000;
    const r = await handler.execute({
      name: 'm',
      version: 2,
      stage: 'staging',
      reason: 'looks good',
      evaluation: { run_id: 'eval-1', rougeL: 0.4, passed: true },
      override: true,
      userId: 'bob',
    });
    expect(r.version.stage).toBe('Staging');
    expect(await stages()).toEqual([
      [1, 'None'],
      [2, 'Staging'],
      [3, 'None'],
    ]);
    expect(await store.history('m')).toEqual([
      expect.objectContaining({
        version: 2,
        action: HistoryAction.STAGE_TRANSITION,
        fromStage: 'None',
        toStage: 'Staging',
        userId: 'bob',
        at: 5000,
        reason: 'looks good',
        evaluationRunId: 'eval-1',
        evaluation: { run_id: 'eval-1', rougeL: 0.4, passed: true },
        override: true,
      }),
    ]);
  });

  it('archives the versions that held the stage, and says so in history and events', async () => {
    await handler.execute({ name: 'm', version: 1, stage: 'Production', userId: 'u' });
    events.published.length = 0;
    const r = await handler.execute({
      name: 'm',
      version: 2,
      stage: 'Production',
      archiveExistingVersions: true,
      userId: 'u',
    });
    expect(r.archived).toEqual([1]);
    expect(await stages()).toEqual([
      [1, 'Archived'],
      [2, 'Production'],
      [3, 'None'],
    ]);
    const history = await store.history('m');
    expect(history.slice(-2).map((e) => [e.version, e.fromStage, e.toStage])).toEqual([
      [2, 'None', 'Production'],
      [1, 'Production', 'Archived'],
    ]);
    expect(events.published.map((e) => [e.subject, e.payload.version, e.payload.toStage])).toEqual([
      [SUBJECTS.registry.events.stageChanged, 2, 'Production'],
      [SUBJECTS.registry.events.stageChanged, 1, 'Archived'],
    ]);
    expect(events.published[0].payload.modelUris).toEqual(
      expect.arrayContaining(['models:/m/Production', 'models:/m/None']),
    );
  });

  it('ends two concurrent promotions with exactly one version in Production', async () => {
    await Promise.all(
      [1, 2].map((version) =>
        handler.execute({ name: 'm', version, stage: 'Production', archiveExistingVersions: true, userId: 'u' }),
      ),
    );
    const inProduction = (await store.listVersions('m')).filter((v) => v.stage === 'Production');
    expect(inProduction).toHaveLength(1);
    const history = await store.history('m');
    expect(history).toHaveLength(3);
    const archived = history.find((e) => e.toStage === 'Archived');
    expect(archived?.version).not.toBe(inProduction[0].version);
  });

  it.each([
    [{ stage: 'Prod' }, ErrorCode.INVALID_PARAMETER_VALUE],
    [{ version: 9 }, ErrorCode.RESOURCE_DOES_NOT_EXIST],
    [{ name: 'ghost' }, ErrorCode.RESOURCE_DOES_NOT_EXIST],
    [{ stage: 'Archived', archiveExistingVersions: true }, ErrorCode.INVALID_PARAMETER_VALUE],
  ])('refuses %j with %s and changes nothing', async (override, code) => {
    const error = await rejectionOf(
      handler.execute({ name: 'm', version: 1, stage: 'Production', userId: 'u', ...override }),
    );
    expect(error.code).toBe(code);
    expect(await stages()).toEqual([
      [1, 'None'],
      [2, 'None'],
      [3, 'None'],
    ]);
    expect(await store.history('m')).toEqual([]);
    expect(events.published).toEqual([]);
  });

  it('asks the promotion policy, which can refuse and leave everything as it was', async () => {
    const seen: PromotionRequest[] = [];
    class Gate extends PromotionPolicy {
      async check(request: PromotionRequest) {
        seen.push(request);
        if (!request.override) throw new GateRejectedError('rougeL below threshold');
      }
    }
    const gated = new TransitionStageHandler(store, new Gate(), events, clock);
    const error = await rejectionOf(gated.execute({ name: 'm', version: 1, stage: 'Production', userId: 'u' }));
    expect(error.code).toBe(ErrorCode.INVALID_STATE);
    expect(await store.history('m')).toEqual([]);
    await gated.execute({ name: 'm', version: 1, stage: 'Production', override: true, userId: 'u' });
    expect(seen.map((s) => s.override)).toEqual([false, true]);
  });
});
