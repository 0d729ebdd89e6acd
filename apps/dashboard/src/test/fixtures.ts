import type { Schemas } from '../api/client';

export function run(
  id: string,
  name: string,
  metrics: Record<string, number> = {},
  params: Record<string, string> = {},
  experimentId = '1',
): Schemas['RunView'] {
  return {
    info: {
      run_id: id,
      run_uuid: id,
      run_name: name,
      experiment_id: experimentId,
      user_id: 'ana',
      status: 'FINISHED',
      start_time: 1_760_000_000_000,
      end_time: 1_760_000_002_000,
      artifact_uri: `mlflow-artifacts:/${experimentId}/${id}/artifacts`,
      lifecycle_stage: 'active',
    },
    data: {
      metrics: Object.entries(metrics).map(([key, value]) => ({ key, value, timestamp: 1, step: 0 })),
      params: Object.entries(params).map(([key, value]) => ({ key, value })),
      tags: [],
    },
    inputs: { dataset_inputs: [] },
  };
}

export function version(v: string, stage: Schemas['ModelVersionView']['current_stage']): Schemas['ModelVersionView'] {
  return {
    name: 'news',
    version: v,
    creation_timestamp: 1_760_000_000_000 + Number(v),
    last_updated_timestamp: 1_760_000_000_000,
    user_id: 'ana',
    current_stage: stage,
    description: '',
    source: `runs:/r${v}/model`,
    run_id: `r${v}`,
    storage_location: `file:///x/r${v}`,
    status: 'READY',
    tags: [],
    aliases: [],
  };
}

export function transition(
  id: string,
  v: string,
  from: string | null,
  to: string,
  timestamp: number,
  decision?: Partial<Schemas['GateDecisionView']>,
): Schemas['HistoryEntryView'] {
  return {
    id,
    name: 'news',
    version: v,
    action: 'stage_transition',
    from_stage: from as Schemas['HistoryEntryView']['from_stage'],
    to_stage: to as Schemas['HistoryEntryView']['to_stage'],
    alias: null,
    previous_version: null,
    user_id: 'bob',
    timestamp,
    reason: null,
    evaluation_run_id: null,
    evaluation: decision ? { gate_decision: gateDecision(decision) } : null,
    override: decision?.overridden ?? false,
  };
}

export function aliasSet(id: string, alias: string, v: string, previous: string | null, timestamp: number) {
  return {
    ...transition(id, v, null, 'None', timestamp),
    action: 'alias_set' as const,
    from_stage: null,
    to_stage: null,
    alias,
    previous_version: previous,
  };
}

export function gateDecision(overrides: Partial<Schemas['GateDecisionView']> = {}): Schemas['GateDecisionView'] {
  return {
    passed: true,
    overridden: false,
    override_reason: null,
    model_uri: 'models:/news/2',
    evaluation_run_id: 'eval-2',
    policy: { min_rouge_l: 0.15 },
    champion: null,
    checks: [
      { check: 'evaluation', passed: true, actual: null, threshold: null, message: 'evaluation eval-2' },
      { check: 'min_rouge_l', passed: true, actual: 0.25, threshold: 0.15, message: 'ROUGE-L 0.25 >= 0.15' },
    ],
    decided_at: 1,
    ...overrides,
  };
}

export function job(state: Schemas['BatchJobView']['state'], written: number): Schemas['BatchJobDetailView'] {
  return {
    jobId: 'job-1',
    state,
    owner: 'ana',
    datasetUri: 'data/news/prod.jsonl',
    datasetFormat: 'jsonl',
    idColumn: 'id',
    textColumn: 'article',
    keepColumns: [],
    outputTable: '/data/tables/news',
    partitionSize: 5,
    model: {
      requestedUri: 'models:/news/Production',
      modelUri: 'models:/news/2',
      name: 'news',
      version: '2',
      runId: 'r2',
      storageLocation: 'file:///x',
    },
    totalRows: 10,
    partitions: { total: 2, done: written >= 5 ? (written >= 10 ? 2 : 1) : 0, deadLettered: 0, pending: 2 },
    rows: { written, failed: 0 },
    throughputRowsPerSec: null,
    createdAt: Date.now() - 1000,
    finishedAt: state === 'RUNNING' ? null : Date.now(),
    error: null,
    partitionDetails: [0, 1].map((p) => ({
      partition: p,
      state: 'PENDING' as const,
      startRow: p * 5,
      endRow: p * 5 + 5,
      rowsWritten: 0,
      failedRowIds: [],
      deliveries: 0,
      tableVersion: null,
      error: null,
      workerId: null,
      summarizeMs: null,
      commitMs: null,
    })),
    failedRowIds: [],
  };
}
