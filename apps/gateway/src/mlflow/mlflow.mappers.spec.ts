import { ErrorCode, type RunView } from '@llmops/contract';
import { rejectionOf } from '@llmops/messaging';
import { appendLoggedModel, mlflowRequest, mlflowResponse } from './mlflow.mappers';

const run: RunView = {
  info: {
    run_id: 'r1',
    run_uuid: 'r1',
    run_name: 'brave-cat-1',
    experiment_id: '3',
    user_id: 'ana',
    status: 'RUNNING',
    start_time: 1700000000000,
    end_time: null,
    artifact_uri: 'file:///data/3/r1/artifacts',
    lifecycle_stage: 'active',
  },
  data: { metrics: [{ key: 'loss', value: 'NaN', timestamp: 1700000000001, step: 2 }], params: [], tags: [] },
  inputs: { dataset_inputs: [] },
};

describe('MLflow requests to the tracking contract', () => {
  it('accepts run_uuid for run_id and drops fields the platform does not know', () => {
    // As MLflow's Python client sends log-metric (MLflow 3 adds model_id and dataset fields).
    const body = {
      run_id: 'r1',
      run_uuid: 'r1',
      key: 'rouge1',
      value: 0.41,
      timestamp: 1700000000000,
      step: 3,
      model_id: null,
      dataset_name: 'x',
    };
    expect(mlflowRequest.logMetric(body)).toEqual({
      run_id: 'r1',
      key: 'rouge1',
      value: 0.41,
      timestamp: 1700000000000,
      step: 3,
    });
    expect(mlflowRequest.runId({ run_uuid: 'r2' })).toEqual({ run_id: 'r2' });
    expect(mlflowRequest.updateRun({ run_uuid: 'r2', run_id: 'r2', status: 'FINISHED', end_time: 5 })).toEqual({
      run_id: 'r2',
      status: 'FINISHED',
      end_time: 5,
    });
  });

  it('keeps non-finite metric values and int64 strings for the service to read', () => {
    expect(
      mlflowRequest.logBatch({ run_id: 'r', metrics: [{ key: 'a', value: 'NaN', timestamp: '17', step: '0', x: 1 }] }),
    ).toEqual({
      run_id: 'r',
      metrics: [{ key: 'a', value: 'NaN', timestamp: '17', step: '0' }],
    });
  });

  it('reads GET query strings: single repeated values become lists, empty tokens are unset', () => {
    expect(mlflowRequest.searchExperiments({ max_results: '10', order_by: 'name ASC', page_token: '' })).toEqual({
      max_results: '10',
      order_by: ['name ASC'],
    });
    expect(mlflowRequest.metricHistory({ run_uuid: 'r', metric_key: 'loss', max_results: '5' })).toEqual({
      run_id: 'r',
      metric_key: 'loss',
      max_results: '5',
    });
    expect(mlflowRequest.searchRuns({ filter: '' })).toEqual({ experiment_ids: [] });
  });

  it('passes wrong types through unchanged so that the service refuses them', () => {
    expect(mlflowRequest.logBatch({ run_id: 'r', params: 'not-a-list', tags: [5] })).toEqual({
      run_id: 'r',
      params: 'not-a-list',
      tags: [5],
    });
    expect(mlflowRequest.createExperiment({ name: 42 })).toEqual({ name: 42 });
  });

  it('keeps only the dataset fields of log-inputs', () => {
    const body = {
      run_id: 'r',
      datasets: [
        {
          tags: [{ key: 'mlflow.data.context', value: 'training' }],
          dataset: { name: 'news', digest: 'abc', source_type: 'local', source: '{}', schema: '{}', extra: 1 },
        },
      ],
      models: [],
    };
    expect(mlflowRequest.logInputs(body)).toEqual({
      run_id: 'r',
      datasets: [
        {
          tags: [{ key: 'mlflow.data.context', value: 'training' }],
          dataset: { name: 'news', digest: 'abc', source_type: 'local', source: '{}', schema: '{}' },
        },
      ],
    });
  });

  it('refuses a body that is not a JSON object', async () => {
    const error = await rejectionOf(Promise.resolve().then(() => mlflowRequest.createRun([1, 2])));
    expect(error.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
  });
});

describe('runs/log-model', () => {
  const model = {
    run_id: 'r',
    artifact_path: 'model',
    flavors: { python_function: {} },
    model_uuid: 'u',
    signature: {},
  };

  it('reads model_json and appends the model to the history tag as MLflow does', () => {
    const { run_id, model: parsed } = mlflowRequest.logModel({ run_id: 'r', model_json: JSON.stringify(model) });
    expect(run_id).toBe('r');
    const first = appendLoggedModel(undefined, parsed);
    expect(JSON.parse(first)).toEqual([
      { run_id: 'r', artifact_path: 'model', flavors: { python_function: {} }, model_uuid: 'u' },
    ]);
    expect(JSON.parse(appendLoggedModel(first, { ...model, artifact_path: 'm2' }))).toHaveLength(2);
  });

  it('refuses a missing or malformed model_json', () => {
    expect(() => mlflowRequest.logModel({ run_id: 'r' })).toThrow(/model_json/);
    expect(() => mlflowRequest.logModel({ run_id: 'r', model_json: '{nope' })).toThrow(/not valid JSON/);
  });
});

describe('tracking answers to MLflow JSON', () => {
  it('omits an unset end_time and keeps both run_id and run_uuid', () => {
    const answer = mlflowResponse.run({ run });
    expect(answer.run).toEqual({
      info: {
        run_id: 'r1',
        run_uuid: 'r1',
        run_name: 'brave-cat-1',
        experiment_id: '3',
        user_id: 'ana',
        status: 'RUNNING',
        start_time: 1700000000000,
        artifact_uri: 'file:///data/3/r1/artifacts',
        lifecycle_stage: 'active',
      },
      data: run.data,
      inputs: { dataset_inputs: [] },
    });
    expect(mlflowResponse.updateRun({ run_info: { ...run.info, end_time: 9 } }).run_info).toMatchObject({
      end_time: 9,
    });
  });

  it('answers next_page_token only when there is another page', () => {
    expect(mlflowResponse.searchExperiments({ experiments: [] })).toEqual({ experiments: [] });
    expect(mlflowResponse.searchExperiments({ experiments: [], next_page_token: 'p2' })).toEqual({
      experiments: [],
      next_page_token: 'p2',
    });
    expect(mlflowResponse.searchRuns({ runs: [run] }).next_page_token).toBeUndefined();
    expect(mlflowResponse.metricHistory({ metrics: [], next_page_token: '' })).toEqual({ metrics: [] });
  });

  it('answers {} for writes that return nothing', () => {
    expect(mlflowResponse.empty()).toEqual({});
  });
});
