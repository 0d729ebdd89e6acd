import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallerIdentity, ErrorCode, Permission, ResourceKind, SubmitBatchJobRequest } from '@llmops/contract';
import { LocalDataLocations } from '@llmops/data-locations';
import { InProcessWorkQueue, rejectionOf, WorkQueueSpec } from '@llmops/messaging';
import { BatchAccess } from '../../access/batch-access';
import { BatchPermissions } from '../../access/batch-permissions';
import { BatchOrchestratorConfig } from '../../batch-orchestrator.config';
import { parquetSplits } from '@llmops/pipeline';
import { DatasetInspector, DatasetShape, Partitioning } from '../../datasets/dataset-inspector';
import { DatasetRecord, DatasetRepository } from '../../datasets/domain/dataset-record';
import { ModelResolver } from '../../models/model-resolver';
import { OutputTables, TableOnDisk } from '../../output-table/output-tables';
import { TableRecord, TableRepository } from '../../tables/domain/table-record';
import { TableClaims } from '../../tables/table-claims';
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
  shape: DatasetShape = {
    rowCount: 7,
    columns: ['id', 'article', 'source', 'blob'],
    binaryColumns: ['blob'],
    sizeBytes: 9,
  };
  bytesPerRow = 1;
  inspected: string[] = [];
  async inspect(name: string, _format: string, partitioning: Partitioning) {
    this.inspected.push(name);
    const sizing = partitioning.rowsPerPartition;
    const rows =
      typeof sizing === 'number' ? sizing : sizing({ sizeBytes: this.shape.sizeBytes, bytesPerRow: this.bytesPerRow });
    // Row ranges as a Parquet file of one row group would give (the real splits have their own spec).
    return { ...this.shape, rowsPerPartition: rows, splits: parquetSplits([this.shape.rowCount], rows) };
  }
  async inspectStaged(): Promise<never> {
    throw new Error('not used');
  }
}

class FakeDatasetRecords extends DatasetRepository {
  records = new Map<string, DatasetRecord>();
  async get(name: string) {
    return this.records.get(name) ?? null;
  }
  async claim(): Promise<boolean> {
    throw new Error('not used');
  }
  async delete() {}
  async list() {
    return [];
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

class FakeOutputs extends OutputTables {
  prepared: string[] = [];
  disk: TableOnDisk = 'absent';
  async onDisk() {
    return this.disk;
  }
  async prepare(name: string) {
    this.prepared.push(name);
  }
  async summary(): Promise<never> {
    throw new Error('not used');
  }
  async commitPartition(): Promise<never> {
    throw new Error('not used');
  }
}

class FakeTableRecords extends TableRepository {
  records = new Map<string, TableRecord>();
  async get(name: string) {
    return this.records.get(name) ?? null;
  }
  async claim(record: TableRecord) {
    if (this.records.has(record.name)) return false;
    this.records.set(record.name, record);
    return true;
  }
  async delete(name: string) {
    this.records.delete(name);
  }
  async list() {
    return [];
  }
  async nestedWith(name: string) {
    return [...this.records.keys()].filter((n) => n.startsWith(`${name}/`) || name.startsWith(`${n}/`));
  }
}

class FakePermissions extends BatchPermissions {
  grants = new Map<string, Permission>();
  granted: string[] = [];
  key = (user: string, kind: ResourceKind, id: string) => `${user}|${kind}|${id}`;
  async permissionOn(user: string, kind: ResourceKind, id: string) {
    return this.grants.get(this.key(user, kind, id)) ?? 'NONE';
  }
  async readable() {
    return [];
  }
  async grantManage(user: string, kind: ResourceKind, id: string) {
    this.granted.push(this.key(user, kind, id));
    this.grants.set(this.key(user, kind, id), 'MANAGE');
  }
  async revokeAll() {}
}

describe('SubmitJobHandler', () => {
  const spec: WorkQueueSpec = { name: 'Q', subject: 'q', consumer: 'c', ackWaitMs: 1000, maxDeliver: 5 };
  const dev: CallerIdentity = { user: 'dev', roles: ['developer'] };
  let dir: string;
  let jobs: FakeJobs;
  let datasets: FakeDatasets;
  let records: FakeDatasetRecords;
  let models: FakeModels;
  let outputs: FakeOutputs;
  let tables: FakeTableRecords;
  let permissions: FakePermissions;
  let queue: InProcessWorkQueue;
  let handler: SubmitJobHandler;
  let config: BatchOrchestratorConfig;
  const base: SubmitBatchJobRequest = { datasetUri: 'news/prod.jsonl', modelName: 'news', outputTable: 'summaries' };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'submit-spec-'));
    jobs = new FakeJobs();
    datasets = new FakeDatasets();
    records = new FakeDatasetRecords();
    models = new FakeModels();
    outputs = new FakeOutputs();
    tables = new FakeTableRecords();
    permissions = new FakePermissions();
    queue = new InProcessWorkQueue();
    const access = new BatchAccess(permissions);
    config = new BatchOrchestratorConfig();
    handler = new SubmitJobHandler(
      jobs as unknown as BatchJobRepository,
      LocalDataLocations.open({ dataDir: dir }),
      datasets,
      records,
      models,
      new TableClaims(tables, outputs, access),
      access,
      queue,
      spec,
      config,
    );
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('pins the Production model, plans partitions and publishes one task each, by canonical names', async () => {
    const view = await handler.execute({
      ...base,
      datasetUri: join(dir, 'datasets', 'news/prod.jsonl'),
      partitionSize: 3,
      keepColumns: ['source', 'source'],
    });
    expect(models.calls).toEqual(['models:/news/Production']);
    expect(view.model.modelUri).toBe('models:/news/3');
    expect(view.keepColumns).toEqual(['source']);
    expect(view.datasetUri).toBe('news/prod.jsonl');
    expect(view.outputTable).toBe('summaries');
    expect(view.owner).toBeNull();
    expect(jobs.created[0].partitions.map((p) => [p.startRow, p.endRow])).toEqual([
      [0, 3],
      [3, 6],
      [6, 7],
    ]);
    expect(queue.size('Q')).toBe(3);
    expect(outputs.prepared).toEqual(['summaries']);
  });

  it('sizes the partitions of a job that gives no size from the dataset, and records the size', async () => {
    // 8 KiB of 1 KiB rows; at least 1 KiB a partition, aiming for 4 partitions: 2 KiB, 2 rows.
    Object.assign(config, { BATCH_MIN_PARTITION_BYTES: 1024, BATCH_TARGET_PARTITIONS: 4 });
    datasets.shape = { ...datasets.shape, sizeBytes: 8 * 1024 };
    datasets.bytesPerRow = 1024;
    const view = await handler.execute(base);
    expect(view.partitionSize).toBe(2);
    expect(jobs.created[0].job.partitionSize).toBe(2);
    expect(jobs.created[0].partitions.map((p) => [p.startRow, p.endRow])).toEqual([
      [0, 2],
      [2, 4],
      [4, 6],
      [6, 7],
    ]);
  });

  it('uses a configured fixed default, and a size the job gives over either', async () => {
    config.BATCH_DEFAULT_PARTITION_SIZE = 3;
    expect((await handler.execute(base)).partitionSize).toBe(3);
    expect((await handler.execute({ ...base, partitionSize: 5 })).partitionSize).toBe(5);
    expect(jobs.created.map((c) => c.partitions.length)).toEqual([3, 2]);
  });

  it.each([
    ['no model', { modelName: undefined }],
    ['both model forms', { modelUri: 'models:/news/1' }],
    ['a bad model URI', { modelName: undefined, modelUri: 'models:/' }],
    ['an unknown format', { datasetUri: 'prod.txt' }],
    ['a remote dataset', { datasetUri: 's3://b/prod.jsonl' }],
    ['a dataset outside the roots', { datasetUri: '/etc/hosts', datasetFormat: 'csv' }],
    ['a traversal', { datasetUri: '../../etc/hosts' }],
    ['a table outside the roots', { outputTable: '/tmp/evil' }],
    ['a missing column', { keepColumns: ['nope'] }],
    ['a binary kept column', { keepColumns: ['blob'] }],
    ['a kept column named like an output column', { keepColumns: ['model_uri'] }],
  ])('refuses %s with INVALID_PARAMETER_VALUE and creates nothing', async (_what, change) => {
    const error = await rejectionOf(handler.execute({ ...base, ...change } as SubmitBatchJobRequest));
    expect(error.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    expect(jobs.created).toEqual([]);
    expect(outputs.prepared).toEqual([]);
    expect(tables.records.size).toBe(0);
    expect(queue.size('Q')).toBe(0);
  });

  it('never lists the columns a dataset has (a header line is content)', async () => {
    datasets.shape = { ...datasets.shape, columns: ['TOPSECRET-header'] };
    const error = await rejectionOf(handler.execute(base));
    expect(error.message).toBe('dataset news/prod.jsonl has no column(s) id, article');
  });

  it('refuses a declared format that disagrees with the uploaded one', async () => {
    records.records.set('news/prod.jsonl', {
      name: 'news/prod.jsonl',
      format: 'jsonl',
      sizeBytes: 1,
      sha256: 'x'.repeat(64),
      rows: 7,
      columns: [],
      createdBy: 'dev',
      createdAt: new Date(),
    });
    permissions.grants.set(permissions.key('dev', 'dataset', 'news/prod.jsonl'), 'READ');
    expect((await rejectionOf(handler.execute({ ...base, datasetFormat: 'csv' }, dev))).message).toMatch(
      /uploaded as jsonl, not csv/,
    );
  });

  it('checks READ on the dataset before touching it, READ on the model, and claims a new table for its creator', async () => {
    const denied = await rejectionOf(handler.execute(base, dev));
    expect(denied.code).toBe(ErrorCode.PERMISSION_DENIED);
    expect(datasets.inspected).toEqual([]);
    permissions.grants.set(permissions.key('dev', 'dataset', 'news/prod.jsonl'), 'READ');
    // The configured default model is checked too (the gateway only sees what the request names).
    expect(
      (await rejectionOf(handler.execute({ ...base, modelName: undefined, modelUri: 'models:/news/2' }, dev))).code,
    ).toBe(ErrorCode.PERMISSION_DENIED);
    permissions.grants.set(permissions.key('dev', 'registered_model', 'news'), 'READ');
    const view = await handler.execute(base, dev);
    expect(view.owner).toBe('dev');
    expect(tables.records.get('summaries')?.createdBy).toBe('dev');
    expect(permissions.granted).toEqual(['dev|table|summaries']);
  });

  it('needs EDIT to append to a table someone else created; a nested or foreign table is refused', async () => {
    permissions.grants.set(permissions.key('dev', 'dataset', 'news/prod.jsonl'), 'READ');
    permissions.grants.set(permissions.key('dev', 'registered_model', 'news'), 'READ');
    tables.records.set('summaries', { name: 'summaries', createdBy: 'other', createdAt: new Date() });
    expect((await rejectionOf(handler.execute(base, dev))).code).toBe(ErrorCode.PERMISSION_DENIED);
    permissions.grants.set(permissions.key('dev', 'table', 'summaries'), 'READ');
    expect((await rejectionOf(handler.execute(base, dev))).code).toBe(ErrorCode.PERMISSION_DENIED);
    permissions.grants.set(permissions.key('dev', 'table', 'summaries'), 'EDIT');
    await handler.execute(base, dev);
    expect(outputs.prepared).toEqual(['summaries']);
    expect((await rejectionOf(handler.execute({ ...base, outputTable: 'summaries/inner' }, dev))).code).toBe(
      ErrorCode.INVALID_PARAMETER_VALUE,
    );
    outputs.disk = 'delta';
    expect((await rejectionOf(handler.execute({ ...base, outputTable: 'unrecorded' }, dev))).code).toBe(
      ErrorCode.PERMISSION_DENIED,
    );
    outputs.disk = 'not-a-table';
    expect((await rejectionOf(handler.execute({ ...base, outputTable: 'a-folder' }, dev))).code).toBe(
      ErrorCode.INVALID_PARAMETER_VALUE,
    );
  });

  it('refuses an empty dataset and one that would need too many partitions', async () => {
    datasets.shape = { rowCount: 0, columns: ['id', 'article'], binaryColumns: [], sizeBytes: 0 };
    expect((await rejectionOf(handler.execute(base))).message).toMatch(/no rows/);
    datasets.shape = { rowCount: 200_001, columns: ['id', 'article'], binaryColumns: [], sizeBytes: 1 };
    expect((await rejectionOf(handler.execute({ ...base, partitionSize: 1 }))).message).toMatch(/raise partitionSize/);
    expect(jobs.created).toEqual([]);
  });
});
