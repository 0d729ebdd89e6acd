import { ErrorCode, SubmitBatchJobRequest } from '@llmops/contract';
import { InProcessWorkQueue, rejectionOf, WorkQueueSpec } from '@llmops/messaging';
import { BatchOrchestratorConfig } from '../../batch-orchestrator.config';
import { DatasetInspector, DatasetShape } from '../../datasets/dataset-inspector';
import { ModelResolver } from '../../models/model-resolver';
import { OutputTables } from '../../output-table/output-tables';
import { BatchJob, BatchModel, BatchPartition } from '../domain/batch-job';
import { BatchJobRepository } from '../domain/batch-job.repository';
import { SubmitJobHandler } from './submit-job.handler';

class FakeJobs {
  created: Array<{ job: BatchJob; partitions: BatchPartition[] }> = [];
  async create(job: BatchJob, partitions: BatchPartition[]) {
    this.created.push({ job, partitions });
  }
}

class FakeDatasets extends DatasetInspector {
  shape: DatasetShape = { rowCount: 7, columns: ['id', 'article', 'source'] };
  async inspect() {
    return this.shape;
  }
}

class FakeModels extends ModelResolver {
  calls: string[] = [];
  async resolve(uri: string): Promise<BatchModel> {
    this.calls.push(uri);
    return {
      requestedUri: uri,
      modelUri: 'models:/news/3',
      name: 'news',
      version: '3',
      runId: 'r',
      storageLocation: 's',
    };
  }
}

class FakeTables extends OutputTables {
  prepared: string[] = [];
  async prepare(uri: string) {
    this.prepared.push(uri);
  }
  async commitPartition(): Promise<never> {
    throw new Error('not used');
  }
}

describe('SubmitJobHandler', () => {
  const spec: WorkQueueSpec = { name: 'Q', subject: 'q', consumer: 'c', ackWaitMs: 1000, maxDeliver: 5 };
  let jobs: FakeJobs;
  let datasets: FakeDatasets;
  let models: FakeModels;
  let tables: FakeTables;
  let queue: InProcessWorkQueue;
  let handler: SubmitJobHandler;
  const base: SubmitBatchJobRequest = { datasetUri: '/data/prod.jsonl', modelName: 'news', outputTable: '/t' };

  beforeEach(() => {
    jobs = new FakeJobs();
    datasets = new FakeDatasets();
    models = new FakeModels();
    tables = new FakeTables();
    queue = new InProcessWorkQueue();
    handler = new SubmitJobHandler(
      jobs as unknown as BatchJobRepository,
      datasets,
      models,
      tables,
      queue,
      spec,
      new BatchOrchestratorConfig(),
    );
  });

  it('pins the Production model, plans partitions and publishes one task each', async () => {
    const view = await handler.execute({ ...base, partitionSize: 3, keepColumns: ['source', 'source'] });
    expect(models.calls).toEqual(['models:/news/Production']);
    expect(view.model.modelUri).toBe('models:/news/3');
    expect(view.keepColumns).toEqual(['source']);
    expect(jobs.created[0].partitions.map((p) => [p.startRow, p.endRow])).toEqual([
      [0, 3],
      [3, 6],
      [6, 7],
    ]);
    expect(queue.size('Q')).toBe(3);
    expect(tables.prepared).toEqual(['/t']);
  });

  it.each([
    ['no model', { modelName: undefined }],
    ['both model forms', { modelUri: 'models:/news/1' }],
    ['a bad model URI', { modelName: undefined, modelUri: 'models:/' }],
    ['an unknown format', { datasetUri: '/data/prod.txt' }],
    ['a remote dataset', { datasetUri: 's3://b/prod.jsonl' }],
    ['a missing column', { keepColumns: ['nope'] }],
    ['a kept column named like an output column', { keepColumns: ['model_uri'] }],
  ])('refuses %s with INVALID_PARAMETER_VALUE and creates nothing', async (_what, change) => {
    const error = await rejectionOf(handler.execute({ ...base, ...change } as SubmitBatchJobRequest));
    expect(error.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    expect(jobs.created).toEqual([]);
    expect(tables.prepared).toEqual([]);
    expect(queue.size('Q')).toBe(0);
  });

  it('refuses an empty dataset and one that would need too many partitions', async () => {
    datasets.shape = { rowCount: 0, columns: ['id', 'article'] };
    expect((await rejectionOf(handler.execute(base))).message).toMatch(/no rows/);
    datasets.shape = { rowCount: 200_001, columns: ['id', 'article'] };
    expect((await rejectionOf(handler.execute({ ...base, partitionSize: 1 }))).message).toMatch(/raise partitionSize/);
    expect(jobs.created).toEqual([]);
  });
});
