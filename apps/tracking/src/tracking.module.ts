import { authEnabled, callerGuardProvider, readWriteRule, reservedTagsGuardProvider } from '@llmops/authz';
import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { ArtifactRepositoryFactory, artifactRepositoryFor, servedArtifactUri } from '@llmops/artifacts';
import { ArtifactLocations } from './artifacts/artifact-locations';
import { InvalidParameterError, SUBJECTS } from '@llmops/contract';
import { SERVER_SETS_RUN_USER } from './runs/create-run/create-run.message.controller';
import { openDataSource } from '@llmops/persistence';
import { DataSource } from 'typeorm';
import { ListArtifactsHandler } from './artifacts/list-artifacts/list-artifacts.handler';
import { ListArtifactsController } from './artifacts/list-artifacts/list-artifacts.message.controller';
import { ResolveLocationHandler } from './artifacts/resolve-location/resolve-location.handler';
import { ResolveLocationController } from './artifacts/resolve-location/resolve-location.message.controller';
import { ResolveArtifactRootHandler } from './artifacts/resolve-artifact-root/resolve-artifact-root.handler';
import { ResolveArtifactRootController } from './artifacts/resolve-artifact-root/resolve-artifact-root.message.controller';
import { CreateExperimentHandler } from './experiments/create-experiment/create-experiment.handler';
import { CreateExperimentController } from './experiments/create-experiment/create-experiment.message.controller';
import { DeleteExperimentHandler } from './experiments/delete-experiment/delete-experiment.handler';
import { DeleteExperimentController } from './experiments/delete-experiment/delete-experiment.message.controller';
import { ExperimentTagsHandler } from './experiments/experiment-tags/experiment-tags.handler';
import { ExperimentTagsController } from './experiments/experiment-tags/experiment-tags.message.controller';
import { GetExperimentHandler } from './experiments/get-experiment/get-experiment.handler';
import { GetExperimentController } from './experiments/get-experiment/get-experiment.message.controller';
import { ExperimentEntity, ExperimentTagEntity } from './experiments/infra/experiment.entity';
import { SearchExperimentsHandler } from './experiments/search-experiments/search-experiments.handler';
import { SearchExperimentsController } from './experiments/search-experiments/search-experiments.message.controller';
import { UpdateExperimentHandler } from './experiments/update-experiment/update-experiment.handler';
import { UpdateExperimentController } from './experiments/update-experiment/update-experiment.message.controller';
import { HealthController } from './health/health.message.controller';
import { GetMetricHistoryHandler } from './metrics/get-metric-history/get-metric-history.handler';
import { GetMetricHistoryController } from './metrics/get-metric-history/get-metric-history.message.controller';
import { CreateLoggedModelHandler } from './logged-models/create-logged-model/create-logged-model.handler';
import { CreateLoggedModelController } from './logged-models/create-logged-model/create-logged-model.message.controller';
import { DeleteLoggedModelHandler } from './logged-models/delete-logged-model/delete-logged-model.handler';
import { DeleteLoggedModelController } from './logged-models/delete-logged-model/delete-logged-model.message.controller';
import { FinalizeLoggedModelHandler } from './logged-models/finalize-logged-model/finalize-logged-model.handler';
import { FinalizeLoggedModelController } from './logged-models/finalize-logged-model/finalize-logged-model.message.controller';
import { GetLoggedModelHandler } from './logged-models/get-logged-model/get-logged-model.handler';
import { GetLoggedModelController } from './logged-models/get-logged-model/get-logged-model.message.controller';
import { LOGGED_MODEL_ENTITIES } from './logged-models/infra/logged-model.entity';
import { ListLoggedModelArtifactsHandler } from './logged-models/list-logged-model-artifacts/list-logged-model-artifacts.handler';
import { ListLoggedModelArtifactsController } from './logged-models/list-logged-model-artifacts/list-logged-model-artifacts.message.controller';
import { LogLoggedModelParamsHandler } from './logged-models/log-logged-model-params/log-logged-model-params.handler';
import { LogLoggedModelParamsController } from './logged-models/log-logged-model-params/log-logged-model-params.message.controller';
import { LoggedModelTagsHandler } from './logged-models/logged-model-tags/logged-model-tags.handler';
import { LoggedModelTagsController } from './logged-models/logged-model-tags/logged-model-tags.message.controller';
import { SearchLoggedModelsHandler } from './logged-models/search-logged-models/search-logged-models.handler';
import { SearchLoggedModelsController } from './logged-models/search-logged-models/search-logged-models.message.controller';
import { LoggedModels1765300000000 } from './migrations/1765300000000-logged-models';
import { Traces1765400000000 } from './migrations/1765400000000-traces';
import { MetricHistoryWrites1765500000000 } from './migrations/1765500000000-metric-history-writes';
import { TRACE_RETENTION, TraceRetention, TraceRetentionSettings } from './traces/retention/trace-retention';
import { TraceRepository } from './traces/domain/trace.repository';
import { TypeOrmTraceRepository } from './traces/infra/typeorm-trace.repository';
import { TRACE_CONTROLLERS, TRACE_HANDLERS } from './traces/traces.providers';
import { LogOutputsHandler } from './runs/log-outputs/log-outputs.handler';
import { LogOutputsController } from './runs/log-outputs/log-outputs.message.controller';
import { TRACKING_MIGRATIONS } from './migrations/1700000000000-init-tracking';
import { ExportPredictionsHandler } from './predictions/export-predictions/export-predictions.handler';
import { ExportPredictionsController } from './predictions/export-predictions/export-predictions.message.controller';
import { PredictionEntity } from './predictions/infra/prediction.entity';
import { ListPredictionsHandler } from './predictions/list-predictions/list-predictions.handler';
import { ListPredictionsController } from './predictions/list-predictions/list-predictions.message.controller';
import { LogPredictionsHandler } from './predictions/log-predictions/log-predictions.handler';
import { LogPredictionsController } from './predictions/log-predictions/log-predictions.message.controller';
import { CreateRunHandler } from './runs/create-run/create-run.handler';
import { CreateRunController } from './runs/create-run/create-run.message.controller';
import { DeleteRunHandler } from './runs/delete-run/delete-run.handler';
import { DeleteRunController } from './runs/delete-run/delete-run.message.controller';
import { GetRunHandler } from './runs/get-run/get-run.handler';
import { GetRunController } from './runs/get-run/get-run.message.controller';
import { RUN_ENTITIES } from './runs/infra/run.entity';
import { LogBatchHandler } from './runs/log-batch/log-batch.handler';
import { LogBatchController } from './runs/log-batch/log-batch.message.controller';
import { LogInputsHandler } from './runs/log-inputs/log-inputs.handler';
import { LogInputsController } from './runs/log-inputs/log-inputs.message.controller';
import { LogMetricHandler } from './runs/log-metric/log-metric.handler';
import { LogMetricController } from './runs/log-metric/log-metric.message.controller';
import { LogParamHandler } from './runs/log-param/log-param.handler';
import { LogParamController } from './runs/log-param/log-param.message.controller';
import { RunTagsHandler } from './runs/run-tags/run-tags.handler';
import { RunTagsController } from './runs/run-tags/run-tags.message.controller';
import { SearchRunsHandler } from './runs/search-runs/search-runs.handler';
import { SearchRunsController } from './runs/search-runs/search-runs.message.controller';
import { UpdateRunHandler } from './runs/update-run/update-run.handler';
import { UpdateRunController } from './runs/update-run/update-run.message.controller';
import { Clock, SystemClock } from './shared/clock';
import { TypeOrmTrackingStore } from './store/infra/typeorm-tracking.store';
import { TrackingSettings, TrackingStore } from './store/tracking-store';
import { TrackingConfig } from './tracking.config';

/** The NATS queue group of the tracking replicas. */
export const TRACKING_QUEUE = 'tracking';

export interface TrackingModuleOptions {
  /** `postgres://...` (services) or `pglite:///dir` / `pglite://memory` (embedded). */
  databaseUrl: string;
  /** `file:///abs/dir`: the artifact store; `mlflow-artifacts:/<path>` is `<artifactRoot>/<path>`. */
  artifactRoot: string;
  /** Clients get `mlflow-artifacts:/` locations (default) or the store's `file://` ones. */
  serveArtifacts?: boolean;
  /** Overrides for tests (e.g. a fixed clock). */
  clock?: Clock;
  /** Trace store limits, applied every 10 minutes (default: none; TrackingConfig's: 30 days, 100,000 traces). */
  traceRetention?: Partial<TraceRetentionSettings>;
}

export const TRACKING_ENTITIES = [
  ExperimentEntity,
  ExperimentTagEntity,
  ...RUN_ENTITIES,
  PredictionEntity,
  ...LOGGED_MODEL_ENTITIES,
];

/** The service's TypeORM DataSource (exported for the e2e suite's direct SQL). */
export const TRACKING_DATA_SOURCE = Symbol('TRACKING_DATA_SOURCE');

@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(TRACKING_DATA_SOURCE) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

const CONTROLLERS = [
  HealthController,
  CreateExperimentController,
  GetExperimentController,
  SearchExperimentsController,
  UpdateExperimentController,
  DeleteExperimentController,
  ExperimentTagsController,
  CreateRunController,
  GetRunController,
  UpdateRunController,
  DeleteRunController,
  SearchRunsController,
  LogParamController,
  LogMetricController,
  LogBatchController,
  RunTagsController,
  LogInputsController,
  GetMetricHistoryController,
  ResolveArtifactRootController,
  ResolveLocationController,
  ListArtifactsController,
  LogPredictionsController,
  ListPredictionsController,
  ExportPredictionsController,
  LogOutputsController,
  CreateLoggedModelController,
  GetLoggedModelController,
  FinalizeLoggedModelController,
  DeleteLoggedModelController,
  SearchLoggedModelsController,
  LoggedModelTagsController,
  LogLoggedModelParamsController,
  ListLoggedModelArtifactsController,
  ...TRACE_CONTROLLERS,
];

const HANDLERS = [
  CreateExperimentHandler,
  GetExperimentHandler,
  SearchExperimentsHandler,
  UpdateExperimentHandler,
  DeleteExperimentHandler,
  ExperimentTagsHandler,
  CreateRunHandler,
  GetRunHandler,
  UpdateRunHandler,
  DeleteRunHandler,
  SearchRunsHandler,
  LogParamHandler,
  LogMetricHandler,
  LogBatchHandler,
  RunTagsHandler,
  LogInputsHandler,
  GetMetricHistoryHandler,
  ResolveArtifactRootHandler,
  ResolveLocationHandler,
  ListArtifactsHandler,
  LogPredictionsHandler,
  ListPredictionsHandler,
  ExportPredictionsHandler,
  LogOutputsHandler,
  CreateLoggedModelHandler,
  GetLoggedModelHandler,
  FinalizeLoggedModelHandler,
  DeleteLoggedModelHandler,
  SearchLoggedModelsHandler,
  LoggedModelTagsHandler,
  LogLoggedModelParamsHandler,
  ListLoggedModelArtifactsHandler,
  ...TRACE_HANDLERS,
];

@Module({})
export class TrackingModule {
  /** Accepts the module options or the services-mode config class as `loadConfig` returns it. */
  static forRoot(config: TrackingModuleOptions | TrackingConfig): DynamicModule {
    const options = normalise(config);
    // Fail at boot, not at the first upload, if the artifact root is not a store we can use.
    artifactRepositoryFor(options.artifactRoot);
    return {
      module: TrackingModule,
      controllers: CONTROLLERS,
      providers: [
        // Defence in depth: a viewer's caller header cannot write, whatever the gateway let through.
        callerGuardProvider(readWriteRule()),
        // Users never write `llmops.*` or `mlflow.user` (creating a run or logged model: the server replaces it).
        reservedTagsGuardProvider([SUBJECTS.tracking.runs.create, SUBJECTS.tracking.loggedModels.create]),
        // With auth on, a run's author is the authenticated caller, whatever the client claims.
        { provide: SERVER_SETS_RUN_USER, useValue: authEnabled() },
        {
          provide: TRACKING_DATA_SOURCE,
          useFactory: () =>
            openDataSource({
              url: options.databaseUrl,
              entities: TRACKING_ENTITIES,
              migrations: [
                ...TRACKING_MIGRATIONS,
                LoggedModels1765300000000,
                Traces1765400000000,
                MetricHistoryWrites1765500000000,
              ],
              migrationsTableName: 'tracking_migrations',
            }),
        },
        DataSourceCloser,
        {
          provide: TrackingStore,
          inject: [TRACKING_DATA_SOURCE],
          useFactory: async (ds: DataSource) => {
            const store = new TypeOrmTrackingStore(ds);
            await store.ensureDefaultExperimentLocation(servedArtifactUri('0'));
            return store;
          },
        },
        {
          provide: TraceRepository,
          inject: [TRACKING_DATA_SOURCE],
          useFactory: (ds: DataSource) => new TypeOrmTraceRepository(ds),
        },
        {
          provide: TrackingSettings,
          useValue: {
            artifactRoot: options.artifactRoot,
            serveArtifacts: options.serveArtifacts ?? true,
          } satisfies TrackingSettings,
        },
        ArtifactLocations,
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        {
          provide: TRACE_RETENTION,
          useValue: {
            // Off unless configured (TrackingConfig's defaults turn it on for services and embedded).
            maxAgeDays: options.traceRetention?.maxAgeDays ?? 0,
            maxTraces: options.traceRetention?.maxTraces ?? 0,
            intervalMs: options.traceRetention?.intervalMs ?? 10 * 60_000,
          } satisfies TraceRetentionSettings,
        },
        TraceRetention,
        { provide: ArtifactRepositoryFactory, useValue: new ArtifactRepositoryFactory() },
        ...HANDLERS,
      ],
    };
  }
}

function normalise(config: TrackingModuleOptions | TrackingConfig): TrackingModuleOptions {
  const options: TrackingModuleOptions =
    config instanceof TrackingConfig || 'DATABASE_URL' in config
      ? {
          databaseUrl: (config as TrackingConfig).DATABASE_URL,
          artifactRoot: (config as TrackingConfig).ARTIFACT_ROOT,
          serveArtifacts: (config as TrackingConfig).SERVE_ARTIFACTS !== 'false',
          traceRetention: {
            maxAgeDays: (config as TrackingConfig).TRACE_RETENTION_DAYS,
            maxTraces: (config as TrackingConfig).TRACE_RETENTION_MAX_TRACES,
          },
        }
      : config;
  if (!options.databaseUrl) throw new InvalidParameterError('Tracking needs a databaseUrl');
  if (!options.artifactRoot) throw new InvalidParameterError('Tracking needs an artifactRoot (file:///abs/dir)');
  return { ...options, artifactRoot: options.artifactRoot.replace(/\/+$/, '') };
}
