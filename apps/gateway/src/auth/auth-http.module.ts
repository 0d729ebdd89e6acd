import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GatewayConfig } from '../gateway.config';
import { GATEWAY_CONFIG } from '../gateway.tokens';
import { ServiceClient } from '../services/service-client';
import { AccessCache } from './access-cache';
import { AccessService } from './access.service';
import { AuthorizationGuard } from './authorization.guard';
import { AuthorizationInterceptor } from './authorization.interceptor';
import { IdentityAdminController } from './identity-admin.controller';
import { CallerController } from './caller.controller';

/** Authorization on every route (a global guard; the interceptor where a rule needs it) and the admin REST routes. */
@Module({})
export class AuthHttpModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AuthHttpModule,
      controllers: [IdentityAdminController, CallerController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        AccessCache,
        ServiceClient,
        AccessService,
        { provide: APP_GUARD, useClass: AuthorizationGuard },
        // Not global: attached at boot to the routes that need it (attachAnswerChecks).
        AuthorizationInterceptor,
      ],
      exports: [AccessCache, AuthorizationInterceptor],
    };
  }
}
