import type { ModelVersionView, RegisteredModelView } from '@llmops/contract';
import {
  deleteFields,
  mlflowModelVersion,
  mlflowRegisteredModel,
  mlflowRegistryRequest as req,
  mlflowRegistryResponse as res,
} from './mlflow-registry.mappers';

const version: ModelVersionView = {
  name: 'news',
  version: '2',
  creation_timestamp: 1000,
  last_updated_timestamp: 2000,
  user_id: 'ann',
  current_stage: 'Staging',
  description: '',
  source: 'runs:/abc/model',
  run_id: 'abc',
  storage_location: 'file:///artifacts/1/abc/artifacts/model',
  status: 'READY',
  tags: [],
  aliases: ['champion'],
};

const model: RegisteredModelView = {
  name: 'news',
  creation_timestamp: 1000,
  last_updated_timestamp: 3000,
  user_id: 'ann',
  description: 'summarizer',
  latest_versions: [version],
  tags: [{ key: 'team', value: 'nlp' }],
  aliases: [{ alias: 'champion', version: '2' }],
};

describe('MLflow registry mappers', () => {
  it("answers a model version in MLflow's shape: no storage_location, no empty fields", () => {
    expect(mlflowModelVersion(version)).toEqual({
      name: 'news',
      version: '2',
      creation_timestamp: 1000,
      last_updated_timestamp: 2000,
      user_id: 'ann',
      current_stage: 'Staging',
      source: 'runs:/abc/model',
      run_id: 'abc',
      status: 'READY',
      aliases: ['champion'],
    });
  });

  it('answers a registered model with latest_versions, tags and aliases as MLflow does', () => {
    expect(mlflowRegisteredModel(model)).toEqual({
      name: 'news',
      creation_timestamp: 1000,
      last_updated_timestamp: 3000,
      user_id: 'ann',
      description: 'summarizer',
      latest_versions: [mlflowModelVersion(version)],
      tags: [{ key: 'team', value: 'nlp' }],
      aliases: [{ alias: 'champion', version: '2' }],
    });
    expect(mlflowRegisteredModel({ ...model, description: '', latest_versions: [], tags: [], aliases: [] })).toEqual({
      name: 'news',
      creation_timestamp: 1000,
      last_updated_timestamp: 3000,
      user_id: 'ann',
    });
  });

  it('wraps answers and gives next_page_token only when there is another page', () => {
    expect(res.registeredModel({ registered_model: model })).toEqual({
      registered_model: mlflowRegisteredModel(model),
    });
    expect(res.modelVersion({ model_version: version })).toEqual({ model_version: mlflowModelVersion(version) });
    expect(res.searchRegisteredModels({ registered_models: [] })).toEqual({});
    expect(res.searchModelVersions({ model_versions: [version], next_page_token: 'p2' })).toEqual({
      model_versions: [mlflowModelVersion(version)],
      next_page_token: 'p2',
    });
    expect(res.modelVersions({ model_versions: [] })).toEqual({});
    expect(res.downloadUri({ model_version: version })).toEqual({
      artifact_uri: 'file:///artifacts/1/abc/artifacts/model',
    });
  });

  it("takes MLflow's request fields, dropping what the contract does not know", () => {
    expect(
      req.createModelVersion({
        name: 'news',
        source: 'runs:/abc/model',
        run_id: 'abc',
        run_link: 'http://x',
        description: 'd',
        tags: [{ key: 'k', value: 'v', extra: 1 }],
      }),
    ).toEqual({
      name: 'news',
      source: 'runs:/abc/model',
      run_id: 'abc',
      description: 'd',
      tags: [{ key: 'k', value: 'v' }],
    });
    expect(req.createModelVersion({ name: 'n', source: 's', run_id: '' })).toEqual({ name: 'n', source: 's' });
    expect(
      req.searchRegisteredModels({ filter: "name LIKE 'n%'", max_results: '5', order_by: 'name ASC', page_token: '' }),
    ).toEqual({
      filter: "name LIKE 'n%'",
      max_results: '5',
      order_by: ['name ASC'],
    });
    expect(req.getLatestVersions({ name: 'n', stages: 'Production' })).toEqual({ name: 'n', stages: ['Production'] });
    expect(
      req.transitionStage({ name: 'n', version: '1', stage: 'Staging', archive_existing_versions: 'true' }),
    ).toEqual({
      name: 'n',
      version: '1',
      stage: 'Staging',
      archive_existing_versions: true,
    });
    expect(req.setAlias({ name: 'n', alias: 'champion', version: '3' })).toEqual({
      name: 'n',
      alias: 'champion',
      version: '3',
    });
    expect(req.updateRegisteredModel({ name: 'n' })).toEqual({ name: 'n', description: '' });
  });

  it('reads DELETE fields from the JSON body, or the query string', () => {
    expect(deleteFields({ name: 'n' }, {})).toEqual({ name: 'n' });
    expect(deleteFields(undefined, { name: 'q' })).toEqual({ name: 'q' });
  });
});
