import { CallerIdentity, ErrorCode, Permission, ResourceKind } from '@llmops/contract';
import { rejectionOf } from '@llmops/messaging';
import { AliasesHandler } from '../aliases/aliases.handler';
import { GateSettings } from '../gate/gate-policy/gate-policy.options';
import { CreateModelVersionHandler } from '../model-versions/create-model-version/create-model-version.handler';
import { ManageModelVersionsHandler } from '../model-versions/manage-model-versions/manage-model-versions.handler';
import { AllowAllPromotions } from '../ports/promotion-policy.port';
import { RegisteredModelsHandler } from '../registered-models/registered-models.handler';
import { TransitionStageHandler } from '../stages/transition-stage.handler';
import { FakeTracking, InMemoryRegistryStore, ManualClock, RecordingEvents } from '../testing/registry-fakes';
import { RegistryAccess } from './registry-access';
import { RegistryPermissions } from './registry-permissions.port';

/** Grants by `user:kind:id`, and every audit entry appended. */
class FakePermissions extends RegistryPermissions {
  grants = new Map<string, Permission>();
  audits: Array<{ actor: string; action: string; target: string; details: Record<string, unknown> }> = [];
  async permissionOn(user: string, kind: ResourceKind, id: string): Promise<Permission> {
    return this.grants.get(`${user}:${kind}:${id}`) ?? 'NONE';
  }
  async audit(actor: string, action: string, target: string, details: Record<string, unknown>): Promise<void> {
    this.audits.push({ actor, action, target, details });
  }
}

const developer: CallerIdentity = { user: 'mallory', roles: ['developer'] };
const approver: CallerIdentity = { user: 'anna', roles: ['approver'] };

describe("the registry's own access decisions (issue 10, findings 5 and 7)", () => {
  let store: InMemoryRegistryStore;
  let permissions: FakePermissions;
  let tracking: FakeTracking;
  let transition: TransitionStageHandler;
  let aliases: AliasesHandler;
  let versions: ManageModelVersionsHandler;
  let models: RegisteredModelsHandler;
  let create: CreateModelVersionHandler;

  beforeEach(async () => {
    store = new InMemoryRegistryStore();
    permissions = new FakePermissions();
    const access = new RegistryAccess(permissions);
    const settings = new GateSettings(null, ['champion', 'production']);
    const clock = new ManualClock();
    const events = new RecordingEvents();
    tracking = new FakeTracking();
    tracking.addRun('own');
    tracking.addRun('theirs');
    tracking.runs.get('theirs')!.experimentId = '2';
    transition = new TransitionStageHandler(store, new AllowAllPromotions(), events, clock, access);
    aliases = new AliasesHandler(store, events, clock, access, settings);
    versions = new ManageModelVersionsHandler(store, events, clock, access, settings);
    models = new RegisteredModelsHandler(store, events, clock, access, settings);
    create = new CreateModelVersionHandler(store, tracking, events, clock, access);
    await store.createModel({ name: 'm', description: '', userId: 'mallory', at: 1, tags: [] });
    permissions.grants.set('mallory:experiment:1', 'EDIT');
    for (let i = 0; i < 2; i++) await create.execute({ name: 'm', source: 'runs:/own/model', userId: 'x' });
    await transition.execute({ name: 'm', version: 1, stage: 'Production', userId: 'anna', caller: approver });
  });

  it('needs READ on the run a source resolves to, however it is named', async () => {
    for (const source of ['runs:/theirs/model', 'mlflow-artifacts:/2/theirs/artifacts/model']) {
      const refused = await rejectionOf(create.execute({ name: 'm', source, userId: 'mallory', caller: developer }));
      expect([source, refused.code]).toEqual([source, ErrorCode.PERMISSION_DENIED]);
    }
    expect((await store.listVersions('m')).length).toBe(2);
    permissions.grants.set('mallory:experiment:2', 'READ');
    const v = await create.execute({ name: 'm', source: 'runs:/theirs/model', userId: 'mallory', caller: developer });
    expect(v.version).toBe(3);
  });

  it('lets only an approver take a version out of Production, and audits it', async () => {
    for (const stage of ['Archived', 'staging', 'None ']) {
      const refused = await rejectionOf(
        transition.execute({ name: 'm', version: 1, stage, userId: 'mallory', caller: developer }),
      );
      expect([stage, refused.code]).toEqual([stage, ErrorCode.PERMISSION_DENIED]);
    }
    expect((await store.findVersion('m', 1))!.stage).toBe('Production');
    expect(permissions.audits).toEqual([]);
    // Other versions are a developer's to move.
    await transition.execute({ name: 'm', version: 2, stage: 'Staging', userId: 'mallory', caller: developer });
    await transition.execute({ name: 'm', version: 1, stage: 'Archived', userId: 'anna', caller: approver });
    expect(permissions.audits).toEqual([
      {
        actor: 'anna',
        action: 'model.leave-production',
        target: 'registered_model:m/1',
        details: { from_stage: 'Production', to_stage: 'Archived' },
      },
    ]);
  });

  it('lets only an approver delete a serving version or its model, and audits it', async () => {
    const refused = [
      await rejectionOf(versions.delete('m', 1, 'mallory', developer)),
      await rejectionOf(models.delete('m', 'mallory', developer)),
    ];
    expect(refused.map((e) => e.code)).toEqual([ErrorCode.PERMISSION_DENIED, ErrorCode.PERMISSION_DENIED]);
    await versions.delete('m', 2, 'mallory', developer);
    await versions.delete('m', 1, 'anna', approver);
    expect(permissions.audits.map((a) => [a.actor, a.action, a.target])).toEqual([
      ['anna', 'model.leave-production', 'registered_model:m/1'],
    ]);
  });

  it('lets only an approver set, move or delete a protected alias (any case), and audits each', async () => {
    for (const alias of ['champion', 'Production']) {
      const refused = await rejectionOf(
        aliases.set({ name: 'm', alias, version: 2, userId: 'mallory', caller: developer }),
      );
      expect([alias, refused.code]).toEqual([alias, ErrorCode.PERMISSION_DENIED]);
    }
    await aliases.set({ name: 'm', alias: 'challenger', version: 2, userId: 'mallory', caller: developer });
    await aliases.set({ name: 'm', alias: 'champion', version: 1, userId: 'anna', caller: approver });
    await aliases.set({ name: 'm', alias: 'champion', version: 2, userId: 'anna', caller: approver });
    expect(
      (await rejectionOf(aliases.delete({ name: 'm', alias: 'champion', userId: 'x', caller: developer }))).code,
    ).toBe(ErrorCode.PERMISSION_DENIED);
    // The version the protected alias points at serves: deleting it needs an approver too.
    expect((await rejectionOf(versions.delete('m', 2, 'mallory', developer))).code).toBe(ErrorCode.PERMISSION_DENIED);
    await aliases.delete({ name: 'm', alias: 'champion', userId: 'anna', caller: approver });
    expect(permissions.audits.map((a) => [a.actor, a.action, a.target, a.details.change])).toEqual([
      ['anna', 'model.protected-alias', 'registered_model:m/1', 'set'],
      ['anna', 'model.protected-alias', 'registered_model:m/2', 'moved'],
      ['anna', 'model.protected-alias', 'registered_model:m/2', 'deleted'],
    ]);
  });

  it('lets service calls (no gateway identity) through', async () => {
    await transition.execute({ name: 'm', version: 1, stage: 'Archived', userId: 'registry' });
    await aliases.set({ name: 'm', alias: 'champion', version: 1, userId: 'registry' });
    expect((await store.findVersion('m', 1))!.aliases).toEqual(['champion']);
  });
});
