import {
  DynamicModule,
  INestMicroservice,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { callerGuardProvider } from '@llmops/authz';
import { InvalidParameterError, Role, SUBJECTS } from '@llmops/contract';
import { serviceRpcClient, TransportConfig } from '@llmops/messaging';
import { openDataSource } from '@llmops/persistence';
import { DataSource } from 'typeorm';
import { AuditLog } from './audit/audit-log';
import { AuditController } from './audit/audit.message.controller';
import { AuthenticateHandler } from './authenticate/authenticate.handler';
import { AuthenticateController } from './authenticate/authenticate.message.controller';
import { bootstrapAdmin, BootstrapOptions } from './bootstrap/bootstrap-admin';
import { IdentityEvents, RpcIdentityEvents } from './events/identity-events';
import { HealthController } from './health/health.message.controller';
import { IDENTITY_MIGRATIONS } from './migrations/1700000000000-init-identity';
import { SqlRateBuckets } from './limits/infra/sql-rate-buckets';
import { RateBuckets } from './limits/rate-buckets.port';
import { TakeLimitHandler } from './limits/take-limit.handler';
import { TakeLimitController } from './limits/take-limit.message.controller';
import { PermissionsHandler } from './permissions/permissions.handler';
import { PermissionsController } from './permissions/permissions.message.controller';
import { Clock, IdGenerator, SystemClock, UuidGenerator } from './shared';
import { IdentityStore } from './store/identity-store';
import { IDENTITY_ENTITIES } from './store/infra/identity.entities';
import { TypeOrmIdentityStore } from './store/infra/typeorm-identity.store';
import { TokensHandler } from './tokens/tokens.handler';
import { TokensController } from './tokens/tokens.message.controller';
import { UsersHandler } from './users/users.handler';
import { UsersController } from './users/users.message.controller';

/** The NATS queue group of the identity replicas. */
export const IDENTITY_QUEUE = 'identity';

export interface IdentityModuleOptions extends BootstrapOptions {
  /** `postgres://...` (services) or `pglite:///dir` / `pglite://memory` (embedded). */
  databaseUrl: string;
}

const IDENTITY_DATA_SOURCE = Symbol('IDENTITY_DATA_SOURCE');
const BOOTSTRAP_OPTIONS = Symbol('BOOTSTRAP_OPTIONS');

/** Subjects only an admin may ask (when a caller is attached; see CallerGuard). */
const ADMIN_SUBJECTS: string[] = [
  ...Object.values(SUBJECTS.identity.users),
  ...Object.values(SUBJECTS.identity.tokens),
  SUBJECTS.identity.permissions.grant,
  SUBJECTS.identity.permissions.revoke,
  SUBJECTS.identity.permissions.list,
  SUBJECTS.identity.audit.list,
];
const identityRule = (subject: string): Role | undefined => (ADMIN_SUBJECTS.includes(subject) ? 'admin' : undefined);

@Injectable()
class IdentityLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(IDENTITY_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(BOOTSTRAP_OPTIONS) private readonly options: BootstrapOptions,
    private readonly store: IdentityStore,
    private readonly tokens: TokensHandler,
    private readonly clock: Clock,
  ) {}

  /** Before the service answers anything: with auth on and no admin and no admin token, refuse to start. */
  async onApplicationBootstrap(): Promise<void> {
    await bootstrapAdmin(this.store, this.tokens, this.clock, this.options);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

@Module({})
export class IdentityModule {
  static forRoot(options: IdentityModuleOptions): DynamicModule {
    if (!options.databaseUrl) throw new InvalidParameterError('Identity needs a databaseUrl');
    return {
      module: IdentityModule,
      controllers: [
        HealthController,
        AuthenticateController,
        UsersController,
        TokensController,
        PermissionsController,
        AuditController,
        TakeLimitController,
      ],
      providers: [
        {
          provide: IDENTITY_DATA_SOURCE,
          useFactory: () =>
            openDataSource({
              url: options.databaseUrl,
              entities: IDENTITY_ENTITIES,
              migrations: IDENTITY_MIGRATIONS,
              migrationsTableName: 'identity_migrations',
            }),
        },
        { provide: BOOTSTRAP_OPTIONS, useValue: { authEnabled: options.authEnabled, adminToken: options.adminToken } },
        {
          provide: IdentityStore,
          inject: [IDENTITY_DATA_SOURCE],
          useFactory: (ds: DataSource) => new TypeOrmIdentityStore(ds),
        },
        { provide: Clock, useValue: new SystemClock() },
        { provide: IdGenerator, useValue: new UuidGenerator() },
        // Token revocations and permission changes, for the gateways' caches: published once the
        // service is started (bindIdentityEvents), on its own connection.
        { provide: IdentityEvents, useValue: new RpcIdentityEvents() },
        AuditLog,
        UsersHandler,
        TokensHandler,
        PermissionsHandler,
        AuthenticateHandler,
        {
          provide: RateBuckets,
          inject: [IDENTITY_DATA_SOURCE],
          useFactory: (ds: DataSource) => new SqlRateBuckets(ds),
        },
        TakeLimitHandler,
        IdentityLifecycle,
        callerGuardProvider(identityRule),
      ],
    };
  }
}

/** The client's request timeout (required by the client; events are published, no answer is awaited). */
const EVENTS_TIMEOUT_MS = 5_000;

/** Publishes identity's events on the started service's connection (or bus); see IdentityEvents. */
export function bindIdentityEvents(app: INestMicroservice, transport: TransportConfig): void {
  (app.get(IdentityEvents) as RpcIdentityEvents).bind(serviceRpcClient(app, transport, EVENTS_TIMEOUT_MS));
}
