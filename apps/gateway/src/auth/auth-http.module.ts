import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ServiceClient } from '../services/service-client';
import { AccessService } from './access.service';
import { AuthorizationGuard } from './authorization.guard';
import { AuthorizationInterceptor } from './authorization.interceptor';
import { IdentityAdminController } from './identity-admin.controller';
import { CallerController } from './caller.controller';

/** Authorization on every route (a global guard and interceptor) and the admin REST routes. */
@Module({
  controllers: [IdentityAdminController, CallerController],
  providers: [
    ServiceClient,
    AccessService,
    { provide: APP_GUARD, useClass: AuthorizationGuard },
    { provide: APP_INTERCEPTOR, useClass: AuthorizationInterceptor },
  ],
})
export class AuthHttpModule {}
