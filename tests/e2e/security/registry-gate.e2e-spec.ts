import { EVALUATION_TAGS, SUBJECTS, evaluationExperimentName } from '@llmops/contract';
import { ML, MODES, SecureWorld, V1 } from './harness';

/**
 * Findings 5, 6, 7, 8 and the registry half of 10 of the security review (issue 10), as a hostile
 * developer (`mallory`) would try them against another developer (`alice`) and the approver
 * (`anna`), over MLflow's routes and the platform's REST, in both ways to run.
 */
describe.each(MODES)('the registry and its gate against a hostile developer (issue 10), %s', (_mode, start) => {
  const world = new SecureWorld(start, { alice: 'developer', mallory: 'developer', anna: 'approver' });
  const s = world.s;
  const enc = encodeURIComponent;
  let aliceExp: string;
  let aliceRun: string;
  let aliceArtifactUri: string;
  let malloryExp: string;
  let malloryRun: string;

  const as = (who: 'alice' | 'mallory' | 'anna') => world.as(who);
  const createRun = async (who: 'alice' | 'mallory', experimentId: string) => {
    const run = await world.req('POST', `${ML}/runs/create`, as(who), { experiment_id: experimentId });
    expect(run.status).toBe(200);
    return run.body.run.info as { run_id: string; artifact_uri: string; user_id: string };
  };
  /** A model of mallory's with one version from her own run; anna (approver) may EDIT it. */
  const malloryModel = async (label: string) => {
    const name = `gate-${label}-${s}`;
    expect((await world.req('POST', `${ML}/registered-models/create`, as('mallory'), { name })).status).toBe(200);
    const version = await world.req('POST', `${ML}/model-versions/create`, as('mallory'), {
      name,
      source: `runs:/${malloryRun}/model`,
    });
    expect(version.status).toBe(200);
    const grant = await world.req('POST', `${V1}/permissions`, world.admin, {
      user: world.names.anna,
      kind: 'registered_model',
      resource_id: name,
      permission: 'EDIT',
    });
    expect(grant.status).toBeLessThan(300);
    return name;
  };
  const stageOf = async (name: string, version = '1') =>
    (await world.req('GET', `${ML}/model-versions/get?name=${enc(name)}&version=${version}`, world.admin)).body
      .model_version?.current_stage;
  /** anna puts version 1 in Production (an override, with a reason: this suite is not about the gate). */
  const toProduction = async (name: string) => {
    const answer = await world.req('POST', `${V1}/registered-models/${enc(name)}/versions/1/stage`, as('anna'), {
      stage: 'Production',
      override_reason: 'setting the scene',
    });
    expect([answer.status, answer.text]).toEqual([200, expect.any(String)]);
    expect(await stageOf(name)).toBe('Production');
  };
  const audit = async (action: string) =>
    (await world.req('GET', `${V1}/audit?action=${enc(action)}&max_results=500`, world.admin)).body.entries as Array<{
      actor: string;
      action: string;
      target: string;
      details: Record<string, unknown>;
    }>;

  beforeAll(async () => {
    await world.start();
    const a = await world.req('POST', `${ML}/experiments/create`, as('alice'), { name: `gate-alice-${s}` });
    aliceExp = a.body.experiment_id;
    const run = await createRun('alice', aliceExp);
    aliceRun = run.run_id;
    aliceArtifactUri = run.artifact_uri;
    const m = await world.req('POST', `${ML}/experiments/create`, as('mallory'), { name: `gate-mallory-${s}` });
    malloryExp = m.body.experiment_id;
    malloryRun = (await createRun('mallory', malloryExp)).run_id;
  }, 120_000);

  afterAll(() => world.stop());

  it("#5: nobody registers another user's run as a version, however the source names it", async () => {
    const name = `gate-steal-${s}`;
    expect((await world.req('POST', `${ML}/registered-models/create`, as('mallory'), { name })).status).toBe(200);
    const attempts = [
      { source: `runs:/${aliceRun}/model` },
      { source: `${aliceArtifactUri}/model` },
      { source: `mlflow-artifacts:/${aliceExp}/${aliceRun}/artifacts/model` },
      { source: `${aliceArtifactUri}/model`, run_id: aliceRun },
    ];
    for (const body of attempts) {
      for (const path of [`${ML}/model-versions/create`, `${V1}/registered-models/${enc(name)}/versions`]) {
        const answer = await world.req('POST', path, as('mallory'), { name, ...body });
        expect([path, body, answer.status, answer.body?.error_code]).toEqual([path, body, 403, 'PERMISSION_DENIED']);
      }
    }
    const versions = await world.req(
      'GET',
      `${ML}/model-versions/search?filter=${enc(`name = '${name}'`)}`,
      world.admin,
    );
    expect(versions.body.model_versions ?? []).toEqual([]);
    // Her own run registers; alice, who may read her run, registers it too.
    const own = await world.req('POST', `${ML}/model-versions/create`, as('mallory'), {
      name,
      source: `mlflow-artifacts:/${malloryExp}/${malloryRun}/artifacts/model`,
    });
    expect(own.status).toBe(200);
    const aliceModel = `gate-alice-model-${s}`;
    await world.req('POST', `${ML}/registered-models/create`, as('alice'), { name: aliceModel });
    const hers = await world.req('POST', `${ML}/model-versions/create`, as('alice'), {
      name: aliceModel,
      source: `runs:/${aliceRun}/model`,
    });
    expect(hers.status).toBe(200);
  });

  it('#6: reserved tags (llmops.*, mlflow.user) cannot be written through any route', async () => {
    const name = await malloryModel('tags');
    const key = EVALUATION_TAGS.modelName;
    const attempts: Array<[string, string, unknown]> = [
      ['POST', `${ML}/runs/set-tag`, { run_id: malloryRun, key, value: name }],
      ['POST', `${ML}/runs/set-tag`, { run_id: malloryRun, key: 'mlflow.user', value: world.names.alice }],
      ['POST', `${ML}/runs/set-tag`, { run_id: malloryRun, key: 'LLMOPS.Run_Kind', value: 'evaluation' }],
      ['POST', `${ML}/runs/log-batch`, { run_id: malloryRun, tags: [{ key, value: name }] }],
      ['POST', `${ML}/runs/log-batch`, { run_id: malloryRun, tags: [{ key: 'mlflow.user', value: 'x' }] }],
      ['POST', `${ML}/runs/delete-tag`, { run_id: malloryRun, key: 'mlflow.user' }],
      [
        'POST',
        `${ML}/runs/create`,
        { experiment_id: malloryExp, tags: [{ key: 'llmops.run_kind', value: 'evaluation' }] },
      ],
      ['POST', `${ML}/experiments/set-experiment-tag`, { experiment_id: malloryExp, key: 'llmops.x', value: 'y' }],
      ['POST', `${ML}/experiments/create`, { name: `gate-tagged-${s}`, tags: [{ key: 'llmops.x', value: 'y' }] }],
      ['POST', `${ML}/registered-models/set-tag`, { name, key: 'llmops.x', value: 'y' }],
      ['POST', `${ML}/registered-models/create`, { name: `${name}-2`, tags: [{ key: 'llmops.x', value: 'y' }] }],
      ['POST', `${ML}/model-versions/set-tag`, { name, version: '1', key: 'llmops.x', value: 'y' }],
      [
        'POST',
        `${ML}/model-versions/create`,
        { name, source: `runs:/${malloryRun}/model`, tags: [{ key: 'llmops.x', value: 'y' }] },
      ],
    ];
    for (const [method, path, body] of attempts) {
      const answer = await world.req(method, path, as('mallory'), body);
      expect([path, body, answer.status, answer.body?.error_code]).toEqual([path, body, 403, 'PERMISSION_DENIED']);
    }
    // Not even an admin writes them: they are the platform's.
    const admin = await world.req('POST', `${ML}/runs/set-tag`, world.admin, { run_id: malloryRun, key, value: name });
    expect(admin.status).toBe(403);
    const run = await world.req('GET', `${ML}/runs/get?run_id=${malloryRun}`, as('mallory'));
    expect((run.body.run.data.tags ?? []).map((t: { key: string }) => t.key)).not.toContain(key);
    expect(
      (await world.req('GET', `${ML}/model-versions/get?name=${enc(name)}&version=1`, world.admin)).body.model_version
        .tags ?? [],
    ).toEqual([]);
    // Her other tags are hers to write.
    const fine = await world.req('POST', `${ML}/runs/set-tag`, as('mallory'), {
      run_id: malloryRun,
      key: 'note',
      value: 'ok',
    });
    expect(fine.status).toBe(200);
  });

  it('#6: the gate trusts only evaluations the evaluation service recorded, not a run made to look like one', async () => {
    const name = await malloryModel('forged');
    // Made-up evidence, written as a service could (no gateway identity: the only way left to tag
    // it): an evaluation run of version 1 with perfect metrics, in the model's evaluation experiment.
    const rpc = world.platform.rpc;
    const experiment = await rpc.request<{ experiment_id: string }>(SUBJECTS.tracking.experiments.create, {
      name: evaluationExperimentName(name),
    });
    const forged = await rpc.request<{ run: { info: { run_id: string } } }>(SUBJECTS.tracking.runs.create, {
      experiment_id: experiment.experiment_id,
      tags: [
        { key: EVALUATION_TAGS.kind, value: 'evaluation' },
        { key: EVALUATION_TAGS.modelName, value: name },
        { key: EVALUATION_TAGS.modelVersion, value: '1' },
        { key: EVALUATION_TAGS.datasetDigest, value: 'feedface' },
      ],
    });
    const runId = forged.run.info.run_id;
    await rpc.request(SUBJECTS.tracking.runs.logBatch, {
      run_id: runId,
      metrics: [
        { key: 'rougeL', value: 0.99, timestamp: 1, step: 0 },
        { key: 'failure_rate', value: 0, timestamp: 1, step: 0 },
      ],
    });
    await rpc.request(SUBJECTS.tracking.runs.update, { run_id: runId, status: 'FINISHED', end_time: 2 });

    const gate = { min_rouge_l: 0.5, max_failure_rate: 0.1 };
    const named = await world.req('POST', `${V1}/registered-models/${enc(name)}/versions/1/stage`, as('anna'), {
      stage: 'Production',
      gate,
      evaluation_run_id: runId,
    });
    expect([named.status, named.body.error_code]).toEqual([400, 'INVALID_STATE']);
    expect(named.body.message).toContain(`evaluation run ${runId} was not recorded by the evaluation service`);
    // Through MLflow's route, with the policy stored: the latest recorded evaluation is none.
    expect(
      (await world.req('PUT', `${V1}/registered-models/${enc(name)}/gate-policy`, as('anna'), { policy: gate })).status,
    ).toBe(200);
    const mlflow = await world.req('POST', `${ML}/model-versions/transition-stage`, as('anna'), {
      name,
      version: '1',
      stage: 'Production',
      archive_existing_versions: false,
    });
    expect([mlflow.status, mlflow.body.error_code]).toEqual([400, 'INVALID_STATE']);
    expect(mlflow.body.message).toMatch(/refused by the gate: no evaluation run given/);
    expect(await stageOf(name)).toBe('None');
  });

  it('#7: leaving Production, deleting what serves and moving protected aliases need an approver, audited', async () => {
    const name = await malloryModel('serving');
    await toProduction(name);
    const version = { name, version: '1' };
    const refused: Array<[string, string, unknown]> = [
      ['POST', `${ML}/model-versions/transition-stage`, { ...version, stage: 'Archived' }],
      ['POST', `${ML}/model-versions/transition-stage`, { ...version, stage: 'Staging' }],
      ['POST', `${V1}/registered-models/${enc(name)}/versions/1/stage`, { stage: 'None' }],
      ['DELETE', `${ML}/model-versions/delete`, version],
      ['DELETE', `${ML}/registered-models/delete`, { name }],
      ['DELETE', `${V1}/registered-models/${enc(name)}`, undefined],
      ['POST', `${ML}/registered-models/alias`, { name, alias: 'champion', version: '1' }],
      ['PUT', `${V1}/registered-models/${enc(name)}/aliases/production`, { version: '1' }],
      ['PUT', `${V1}/registered-models/${enc(name)}/gate-policy`, { policy: { min_rouge_l: 0 } }],
    ];
    for (const [method, path, body] of refused) {
      const answer = await world.req(method, path, as('mallory'), body);
      expect([method, path, answer.status]).toEqual([method, path, 403]);
    }
    expect(await stageOf(name)).toBe('Production');

    // The approver may; each change is in the audit log under her name.
    const champion = await world.req('POST', `${ML}/registered-models/alias`, as('anna'), {
      name,
      alias: 'champion',
      version: '1',
    });
    expect(champion.status).toBe(200);
    // A protected alias is not moved or deleted by a developer either; other aliases are hers.
    expect(
      (await world.req('DELETE', `${ML}/registered-models/alias`, as('mallory'), { name, alias: 'champion' })).status,
    ).toBe(403);
    expect(
      (
        await world.req('POST', `${ML}/registered-models/alias`, as('mallory'), {
          name,
          alias: 'challenger',
          version: '1',
        })
      ).status,
    ).toBe(200);
    const archived = await world.req('POST', `${ML}/model-versions/transition-stage`, as('anna'), {
      ...version,
      stage: 'Archived',
    });
    expect(archived.status).toBe(200);
    expect(await stageOf(name)).toBe('Archived');
    const deleted = await world.req('DELETE', `${ML}/registered-models/alias`, as('anna'), { name, alias: 'champion' });
    expect(deleted.status).toBe(200);

    const left = (await audit('model.leave-production')).filter((e) => e.target === `registered_model:${name}/1`);
    expect(left).toEqual([
      expect.objectContaining({ actor: world.names.anna, details: expect.objectContaining({ to_stage: 'Archived' }) }),
    ]);
    const aliases = (await audit('model.protected-alias')).filter((e) => e.target === `registered_model:${name}/1`);
    expect(aliases.map((e) => [e.actor, e.details.alias, e.details.change]).sort()).toEqual([
      [world.names.anna, 'champion', 'deleted'],
      [world.names.anna, 'champion', 'set'],
    ]);
  });

  it('#8: a stage is normalised before any check: "PRODUCTION " is Production', async () => {
    const name = await malloryModel('spelling');
    for (const stage of ['PRODUCTION ', ' production', 'Production\t', 'pRoDuCtIoN']) {
      for (const [path, body] of [
        [`${ML}/model-versions/transition-stage`, { name, version: '1', stage }],
        [`${V1}/registered-models/${enc(name)}/versions/1/stage`, { stage }],
      ] as const) {
        const answer = await world.req('POST', path, as('mallory'), body);
        expect([path, stage, answer.status]).toEqual([path, stage, 403]);
      }
    }
    expect(await stageOf(name)).toBe('None');
    // The approver's "PRODUCTION " is a promotion, audited as one.
    const promoted = await world.req('POST', `${V1}/registered-models/${enc(name)}/versions/1/stage`, as('anna'), {
      stage: 'PRODUCTION ',
      override_reason: 'spelling test',
    });
    expect(promoted.status).toBe(200);
    expect(await stageOf(name)).toBe('Production');
    const entries = (await audit('model.promote')).filter((e) => e.target === `registered_model:${name}/1`);
    expect(entries).toEqual([
      expect.objectContaining({ actor: world.names.anna, details: expect.objectContaining({ stage: 'Production' }) }),
    ]);
  });

  it('#10: the registry and tracking record the authenticated caller, whatever the client claims', async () => {
    const run = await world.req('POST', `${ML}/runs/create`, as('mallory'), {
      experiment_id: malloryExp,
      user_id: world.names.alice,
      tags: [{ key: 'mlflow.user', value: world.names.alice }],
    });
    expect(run.status).toBe(200);
    expect(run.body.run.info.user_id).toBe(world.names.mallory);
    const tags = Object.fromEntries(
      run.body.run.data.tags.map((t: { key: string; value: string }) => [t.key, t.value]),
    );
    expect(tags['mlflow.user']).toBe(world.names.mallory);

    // MLflow 3 sends its context tags (`mlflow.user` too) when it creates a logged model.
    const logged = await world.req('POST', `${ML}/logged-models`, as('mallory'), {
      experiment_id: malloryExp,
      name: 'model',
      tags: [{ key: 'mlflow.user', value: world.names.alice }],
    });
    expect(logged.status).toBe(200);
    expect(logged.body.model.info.tags).toEqual([{ key: 'mlflow.user', value: world.names.mallory }]);

    const name = await malloryModel('actors');
    const v = await world.req('GET', `${ML}/model-versions/get?name=${enc(name)}&version=1`, as('mallory'));
    expect(v.body.model_version.user_id).toBe(world.names.mallory);
    expect(
      (
        await world.req('POST', `${ML}/registered-models/alias`, as('mallory'), {
          name,
          alias: 'candidate',
          version: '1',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await world.req('POST', `${ML}/model-versions/transition-stage`, as('mallory'), {
          name,
          version: '1',
          stage: 'Staging',
        })
      ).status,
    ).toBe(200);
    const history = await world.req('GET', `${V1}/registered-models/${enc(name)}/history`, as('mallory'));
    expect(history.body.entries.length).toBeGreaterThanOrEqual(2);
    for (const entry of history.body.entries) expect(entry.user_id).toBe(world.names.mallory);
  });
});
