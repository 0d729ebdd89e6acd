import { InMemoryTraceRepository } from '../../testing/in-memory-trace.repository';
import { ErrorCode } from '@llmops/contract';
import { rejectionOf } from '@llmops/messaging';
import { ArtifactRepositoryFactory } from '@llmops/artifacts';
import { trackingFixture } from '../../testing/tracking-fixture';
import { FinalizeLoggedModelHandler } from '../finalize-logged-model/finalize-logged-model.handler';
import { LogLoggedModelParamsHandler } from '../log-logged-model-params/log-logged-model-params.handler';
import { LoggedModelTagsHandler } from '../logged-model-tags/logged-model-tags.handler';
import { SearchLoggedModelsHandler } from '../search-logged-models/search-logged-models.handler';
import { ResolveLocationHandler } from '../../artifacts/resolve-location/resolve-location.handler';
import { toLoggedModelView } from '../logged-model-view.mapper';
import { CreateLoggedModelHandler } from './create-logged-model.handler';

describe('logged models (MLflow 3)', () => {
  const setup = async () => {
    const f = trackingFixture('file:///data/artifacts');
    const { experiment, run, runId } = await f.experimentAndRun();
    return {
      ...f,
      experiment,
      run,
      runId,
      create: new CreateLoggedModelHandler(f.store, f.clock, f.locations),
      finalize: new FinalizeLoggedModelHandler(f.store, f.clock),
      params: new LogLoggedModelParamsHandler(f.store),
      tags: new LoggedModelTagsHandler(f.store, f.clock),
      search: new SearchLoggedModelsHandler(f.store),
      resolve: new ResolveLocationHandler(
        f.store,
        f.locations,
        new ArtifactRepositoryFactory(),
        new InMemoryTraceRepository(),
      ),
    };
  };

  it('creates a PENDING model with its own served directory, finalizes it READY and shows it as MLflow does', async () => {
    const t = await setup();
    const model = await t.create.execute({
      experimentId: t.experiment.id,
      name: 'summarizer',
      sourceRunId: t.runId,
      params: [{ key: 'alpha', value: '0.5' }],
      tags: [{ key: 'team', value: 'nlp' }],
    });
    expect(model.modelId).toMatch(/^m-[0-9a-f]{32}$/);
    expect(model).toMatchObject({ status: 'PENDING', sourceRunId: t.runId, name: 'summarizer' });
    expect(model.artifactLocation).toBe(`mlflow-artifacts:/${t.experiment.id}/models/${model.modelId}/artifacts`);
    const ready = await t.finalize.execute(model.modelId, 'LOGGED_MODEL_READY');
    const view = toLoggedModelView(ready, t.locations);
    expect(view.info).toMatchObject({
      model_id: model.modelId,
      experiment_id: t.experiment.id,
      status: 'LOGGED_MODEL_READY',
      source_run_id: t.runId,
      artifact_uri: `mlflow-artifacts:/${t.experiment.id}/models/${model.modelId}/artifacts`,
      tags: [{ key: 'team', value: 'nlp' }],
    });
    expect(view.data.params).toEqual([{ key: 'alpha', value: '0.5' }]);
    const located = await t.resolve.execute(
      `mlflow-artifacts:/${t.experiment.id}/models/${model.modelId}/artifacts/MLmodel`,
    );
    expect(located).toMatchObject({
      owner: { kind: 'logged_model', id: model.modelId, experimentId: t.experiment.id },
      rootStorageUri: `file:///data/artifacts/${t.experiment.id}/models/${model.modelId}/artifacts`,
      path: 'MLmodel',
    });
    const wrongExperiment = await rejectionOf(
      t.resolve.execute(`mlflow-artifacts:/0/models/${model.modelId}/artifacts`),
    );
    expect(wrongExperiment.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
  });

  it("points a run's own package at the run's directory when asked (the platform's packages)", async () => {
    const t = await setup();
    const model = await t.create.execute({ sourceRunId: t.runId, name: 'pkg', runArtifactPath: 'model' });
    expect(model.experimentId).toBe(t.experiment.id);
    expect(t.locations.storageUri(model.artifactLocation)).toBe(
      `file:///data/artifacts/${t.experiment.id}/${t.runId}/artifacts/model`,
    );
    for (const bad of ['../x', '', '/abs']) {
      const error = await rejectionOf(t.create.execute({ sourceRunId: t.runId, runArtifactPath: bad }));
      expect(error.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    }
  });

  it('refuses bad names, unknown experiments and runs, changed params; tags upsert', async () => {
    const t = await setup();
    for (const name of ['a/b', 'a.b', '', "it's"]) {
      expect((await rejectionOf(t.create.execute({ experimentId: t.experiment.id, name }))).code).toBe(
        ErrorCode.INVALID_PARAMETER_VALUE,
      );
    }
    expect((await rejectionOf(t.create.execute({ experimentId: '999' }))).code).toBe(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    const m = await t.create.execute({ experimentId: t.experiment.id });
    await t.params.execute(m.modelId, [{ key: 'k', value: '1' }]);
    await t.params.execute(m.modelId, [{ key: 'k', value: '1' }]);
    expect((await rejectionOf(t.params.execute(m.modelId, [{ key: 'k', value: '2' }]))).code).toBe(
      ErrorCode.INVALID_PARAMETER_VALUE,
    );
    const tagged = await t.tags.set(m.modelId, [{ key: 'a', value: '1' }]);
    expect((await t.tags.set(m.modelId, [{ key: 'a', value: '2' }])).tags).toEqual([{ key: 'a', value: '2' }]);
    expect(tagged.tags).toEqual([{ key: 'a', value: '1' }]);
    expect((await rejectionOf(t.tags.delete(m.modelId, 'nope'))).code).toBe(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    expect((await rejectionOf(t.finalize.execute('m-nope', 'READY'))).code).toBe(ErrorCode.RESOURCE_DOES_NOT_EXIST);
  });

  it('searches by name, status and tags, newest first, in pages', async () => {
    const t = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      t.clock.time += 1000;
      const m = await t.create.execute({ experimentId: t.experiment.id, name: `m${i}`, sourceRunId: t.runId });
      ids.push(m.modelId);
    }
    await t.finalize.execute(ids[1], 'READY');
    const all = await t.search.execute({ experimentIds: [t.experiment.id] });
    expect(all.models.map((m) => m.modelId)).toEqual([...ids].reverse());
    const byName = await t.search.execute({ experimentIds: [t.experiment.id], filter: "name = 'm0'" });
    expect(byName.models.map((m) => m.modelId)).toEqual([ids[0]]);
    const ready = await t.search.execute({ experimentIds: [t.experiment.id], filter: "status = 'LOGGED_MODEL_READY'" });
    expect(ready.models.map((m) => m.modelId)).toEqual([ids[1]]);
    const page1 = await t.search.execute({ experimentIds: [t.experiment.id], maxResults: 2 });
    expect(page1.models).toHaveLength(2);
    const page2 = await t.search.execute({
      experimentIds: [t.experiment.id],
      maxResults: 2,
      pageToken: page1.nextPageToken,
    });
    expect(page2.models.map((m) => m.modelId)).toEqual([ids[0]]);
    expect(page2.nextPageToken).toBeUndefined();
    for (const orderBy of [[{ field_name: 'params.x' }], [{ field_name: 'nope' }]]) {
      expect((await rejectionOf(t.search.execute({ experimentIds: ['1'], orderBy }))).code).toBe(
        ErrorCode.INVALID_PARAMETER_VALUE,
      );
    }
    expect((await rejectionOf(t.search.execute({ experimentIds: ['1'], filter: 'name = ' }))).code).toBe(
      ErrorCode.INVALID_PARAMETER_VALUE,
    );
  });
});
