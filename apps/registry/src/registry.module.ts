import { authEnabled, callerGuardProvider, promotionRule, reservedTagsGuardProvider } from '@llmops/authz';
import { PromotionGatePolicy, SUBJECTS } from '@llmops/contract';
import { RegistryAccess } from './access/registry-access';
import { IdentityRegistryPermissions } from './access/identity-registry.permissions';
import { NoRegistryPermissions, RegistryPermissions } from './access/registry-permissions.port';
import { GateSettings } from './gate/gate-policy/gate-policy.options';
import { TypeormGateStore } from './gate/infra/typeorm-gate.store';
import { GateStore } from './gate/ports/gate-store.port';
import { GatePoliciesAndEvaluations1765400000000 } from './migrations/1765400000000-gate-policies-and-evaluations';
import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { MessagingModule, RpcClient, TransportConfig } from '@llmops/messaging';
import { openDataSource } from '@llmops/persistence';
import { DataSource } from 'typeorm';
import { AliasesHandler } from './aliases/aliases.handler';
import { AliasesController } from './aliases/aliases.message.controller';
import { HealthController } from './health/health.message.controller';
import { HistoryHandler } from './history/history.handler';
import { HistoryController } from './history/history.message.controller';
import { REGISTRY_ENTITIES } from './infra/registry.entities';
import { RpcRegistryEvents } from './infra/rpc-registry-events';
import { RpcTrackingAdapter } from './infra/rpc-tracking.adapter';
import { TypeormRegistryStore } from './infra/typeorm-registry.store';
import { GetLineageHandler } from './lineage/get-lineage.handler';
import { LineageController } from './lineage/lineage.message.controller';
import { InitRegistry1700000000000 } from './migrations/1700000000000-init-registry';
import { ServedArtifactLocations1765300000001 } from './migrations/1765300000001-served-artifact-locations';
import { CreateModelVersionHandler } from './model-versions/create-model-version/create-model-version.handler';
import { CreateModelVersionController } from './model-versions/create-model-version/create-model-version.message.controller';
import { ManageModelVersionsHandler } from './model-versions/manage-model-versions/manage-model-versions.handler';
import { ModelVersionsController } from './model-versions/manage-model-versions/model-versions.message.controller';
import { Clock, SystemClock } from './ports/clock.port';
import { AllowAllPromotions, PromotionPolicy } from './ports/promotion-policy.port';
import { RegistryEvents } from './ports/registry-events.port';
import { RegistryStore } from './ports/registry.store';
import { TrackingPort } from './ports/tracking.port';
import { RegisteredModelsHandler } from './registered-models/registered-models.handler';
import { RegisteredModelsController } from './registered-models/registered-models.message.controller';
import { ResolveModelUriHandler } from './resolve/resolve-model-uri.handler';
import { ResolveController } from './resolve/resolve.message.controller';
import { GetLatestVersionsHandler } from './stages/get-latest-versions.handler';
import { StagesController } from './stages/stages.message.controller';
import { TransitionStageHandler } from './stages/transition-stage.handler';
import { EVALUATION_CONTROLLERS, EVALUATION_PROVIDERS } from './evaluation/evaluation.wiring';
import { GATE_CONTROLLERS, GATE_PROVIDERS } from './gate/gate.wiring';

/** The NATS queue group of the registry's replicas. */
export const REGISTRY_QUEUE = 'registry';

export interface RegistryModuleOptions {
  /** `postgres://...` (services) or `pglite:///dir` / `pglite://memory` (embedded). */
  databaseUrl: string;
  /** How the registry reaches tracking and publishes its events. */
  transport: TransportConfig;
  trackingTimeoutMs?: number;
  /** Overrides for tests (e.g. a fixed clock). */
  clock?: Clock;
  /** Aliases only an approver may set, move or delete (default `champion`, `production`). */
  protectedAliases?: string[];
  /** The gate policy of models without their own (`GATE_DEFAULT_POLICY`). */
  defaultGatePolicy?: PromotionGatePolicy | null;
  /** Permissions and audit from somewhere else than identity (default: identity when auth is on). */
  permissions?: RegistryPermissions;
}

export const REGISTRY_DATA_SOURCE = Symbol('REGISTRY_DATA_SOURCE');

@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(REGISTRY_DATA_SOURCE) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

@Module({})
export class RegistryModule {
  static forRoot(options: RegistryModuleOptions): DynamicModule {
    return {
      module: RegistryModule,
      imports: [MessagingModule.forRoot(options.transport)],
      controllers: [
        HealthController,
        RegisteredModelsController,
        CreateModelVersionController,
        ModelVersionsController,
        StagesController,
        AliasesController,
        HistoryController,
        ResolveController,
        LineageController,
        ...EVALUATION_CONTROLLERS,
        ...GATE_CONTROLLERS,
      ],
      providers: [
        // Defence in depth: Production and gate overrides need an approver, writes a developer.
        callerGuardProvider((subject, payload) =>
          // Storing a gate policy decides what reaches Production: approver, as promoting does.
          subject === SUBJECTS.evaluation.gate.setPolicy
            ? 'approver'
            : promotionRule([SUBJECTS.registry.versions.transitionStage, SUBJECTS.evaluation.gate.transition])(
                subject,
                payload,
              ),
        ),
        // Users never write `llmops.*` (or `mlflow.user`) tags on models or versions.
        reservedTagsGuardProvider(),
        {
          provide: REGISTRY_DATA_SOURCE,
          useFactory: () =>
            openDataSource({
              url: options.databaseUrl,
              entities: REGISTRY_ENTITIES,
              migrations: [
                InitRegistry1700000000000,
                ServedArtifactLocations1765300000001,
                GatePoliciesAndEvaluations1765400000000,
              ],
              migrationsTableName: 'registry_migrations',
            }),
        },
        DataSourceCloser,
        {
          provide: RegistryStore,
          inject: [REGISTRY_DATA_SOURCE],
          useFactory: (ds: DataSource) => new TypeormRegistryStore(ds),
        },
        {
          provide: TrackingPort,
          inject: [RpcClient],
          useFactory: (rpc: RpcClient) => new RpcTrackingAdapter(rpc, options.trackingTimeoutMs),
        },
        { provide: RegistryEvents, inject: [RpcClient], useFactory: (rpc: RpcClient) => new RpcRegistryEvents(rpc) },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        {
          provide: GateStore,
          inject: [REGISTRY_DATA_SOURCE],
          useFactory: (ds: DataSource) => new TypeormGateStore(ds),
        },
        {
          provide: GateSettings,
          useValue: new GateSettings(
            options.defaultGatePolicy ?? null,
            options.protectedAliases ?? ['champion', 'production'],
          ),
        },
        {
          provide: RegistryPermissions,
          inject: [RpcClient],
          useFactory: (rpc: RpcClient) =>
            options.permissions ?? (authEnabled() ? new IdentityRegistryPermissions(rpc) : new NoRegistryPermissions()),
        },
        RegistryAccess,
        { provide: PromotionPolicy, useClass: AllowAllPromotions },
        RegisteredModelsHandler,
        CreateModelVersionHandler,
        ManageModelVersionsHandler,
        TransitionStageHandler,
        GetLatestVersionsHandler,
        AliasesHandler,
        HistoryHandler,
        ResolveModelUriHandler,
        GetLineageHandler,
        ...EVALUATION_PROVIDERS,
        ...GATE_PROVIDERS,
      ],
    };
  }
}
