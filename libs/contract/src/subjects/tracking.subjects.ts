/**
 * NATS subjects served by the tracking service (queue group `tracking`). Request and response
 * shapes: `libs/contract/src/tracking` (e.g. `runs.create` takes `CreateRunRequest` and answers
 * `RunResponse`). Every subject answers errors as `WireError` with MLflow's codes.
 */
export const TRACKING_SUBJECTS = {
  health: 'tracking.v1.health',
  experiments: {
    create: 'tracking.v1.experiments.create',
    get: 'tracking.v1.experiments.get',
    getByName: 'tracking.v1.experiments.get-by-name',
    search: 'tracking.v1.experiments.search',
    update: 'tracking.v1.experiments.update',
    delete: 'tracking.v1.experiments.delete',
    restore: 'tracking.v1.experiments.restore',
    setTag: 'tracking.v1.experiments.set-tag',
    deleteTag: 'tracking.v1.experiments.delete-tag',
  },
  runs: {
    create: 'tracking.v1.runs.create',
    get: 'tracking.v1.runs.get',
    update: 'tracking.v1.runs.update',
    delete: 'tracking.v1.runs.delete',
    restore: 'tracking.v1.runs.restore',
    search: 'tracking.v1.runs.search',
    logParam: 'tracking.v1.runs.log-param',
    logMetric: 'tracking.v1.runs.log-metric',
    logBatch: 'tracking.v1.runs.log-batch',
    setTag: 'tracking.v1.runs.set-tag',
    deleteTag: 'tracking.v1.runs.delete-tag',
    logInputs: 'tracking.v1.runs.log-inputs',
    /** MLflow 3: the logged models a run produced (`run.outputs.model_outputs`). */
    logOutputs: 'tracking.v1.runs.log-outputs',
  },
  /** MLflow 3's logged models (`libs/contract/src/tracking/logged-models.dto.ts`). */
  loggedModels: {
    create: 'tracking.v1.logged-models.create',
    get: 'tracking.v1.logged-models.get',
    finalize: 'tracking.v1.logged-models.finalize',
    delete: 'tracking.v1.logged-models.delete',
    search: 'tracking.v1.logged-models.search',
    setTags: 'tracking.v1.logged-models.set-tags',
    deleteTag: 'tracking.v1.logged-models.delete-tag',
    logParams: 'tracking.v1.logged-models.log-params',
    listArtifacts: 'tracking.v1.logged-models.list-artifacts',
  },
  /**
   * MLflow 3 GenAI traces (`libs/contract/src/tracking/traces.dto.ts`). `ingestOtlp` takes
   * `IngestOtlpRequest` (OTLP/JSON spans) and answers `IngestOtlpResponse`: the gateway's
   * `POST /v1/traces` and the platform's own services send spans through it.
   */
  traces: {
    ingestOtlp: 'tracking.v1.traces.ingest-otlp',
    /** StartTraceV3 / 2.x StartTrace (`StartTraceRequest` -> `TraceInfoResponse`). */
    start: 'tracking.v1.traces.start',
    /** 2.x EndTrace. */
    end: 'tracking.v1.traces.end',
    /** A trace's info (`TraceIdRequest` -> `TraceInfoResponse`). */
    get: 'tracking.v1.traces.get',
    /** Traces with their spans (`GetTracesRequest` -> `GetTracesResponse`). */
    getData: 'tracking.v1.traces.data.get',
    search: 'tracking.v1.traces.search',
    delete: 'tracking.v1.traces.delete',
    setTag: 'tracking.v1.traces.set-tag',
    deleteTag: 'tracking.v1.traces.delete-tag',
    /** Feedback and expectations on a trace (`assessments.proto`). */
    assessments: {
      create: 'tracking.v1.traces.assessments.create',
      get: 'tracking.v1.traces.assessments.get',
      update: 'tracking.v1.traces.assessments.update',
      delete: 'tracking.v1.traces.assessments.delete',
    },
  },
  metrics: {
    getHistory: 'tracking.v1.metrics.get-history',
  },
  artifacts: {
    /** Where a run's artifacts live (the gateway and clients stream through the artifact store). */
    resolveRoot: 'tracking.v1.artifacts.resolve-root',
    /** Owner and storage of a served (`mlflow-artifacts:/`), `runs:/` or `models:/<model_id>` location. */
    resolveLocation: 'tracking.v1.artifacts.resolve-location',
    list: 'tracking.v1.artifacts.list',
  },
  predictions: {
    log: 'tracking.v1.predictions.log',
    list: 'tracking.v1.predictions.list',
    /** Writes the run's predictions as `predictions/predictions.jsonl` in its artifacts. */
    export: 'tracking.v1.predictions.export',
  },
} as const;
