import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  CreateTokenRequest,
  CreateTokenResponse,
  CreateUserRequest,
  GrantPermissionRequest,
  ListAuditResponse,
  ListPermissionsResponse,
  ListTokensResponse,
  ListUsersResponse,
  PermissionResponse,
  RESOURCE_KINDS,
  RevokeTokenResponse,
  SUBJECTS,
  UserResponse,
} from '@llmops/contract';
import { schemaOf } from '../app/openapi-schema';
import { ServiceClient } from '../services/service-client';
import { AccessCache } from './access-cache';
import { payload, queryPayload } from '../tracking/request-payload';

const I = SUBJECTS.identity;

/** Admin REST over the identity service: tokens, users, permissions, audit log (admin role only). */
@ApiTags('access control')
@Controller('api/v1')
export class IdentityAdminController {
  constructor(
    private readonly services: ServiceClient,
    private readonly cache: AccessCache,
  ) {}

  @Post('tokens')
  @ApiOperation({ summary: 'Create an API token for a user; the secret is in this answer only' })
  @ApiBody({ schema: schemaOf(CreateTokenRequest) })
  createToken(@Body() body: unknown) {
    return this.services.call<CreateTokenResponse>(I.tokens.create, payload(body));
  }

  @Get('tokens')
  @ApiOperation({ summary: 'API tokens (never their secrets), optionally ?user=' })
  @ApiQuery({ name: 'user', required: false })
  listTokens(@Query() query: Record<string, unknown>) {
    return this.services.call<ListTokensResponse>(I.tokens.list, queryPayload(query));
  }

  @Delete('tokens/:id')
  @ApiOperation({ summary: 'Revoke an API token' })
  async revokeToken(@Param('id') id: string) {
    const answer = await this.services.call<RevokeTokenResponse>(I.tokens.revoke, { id });
    // Identity announces it to every replica; this one need not wait for the announcement.
    this.cache.tokenRevoked();
    return answer;
  }

  @Post('users')
  @ApiOperation({ summary: 'Create a user with roles (viewer, developer, approver, admin)' })
  @ApiBody({ schema: schemaOf(CreateUserRequest) })
  createUser(@Body() body: unknown) {
    return this.services.call<UserResponse>(I.users.create, payload(body));
  }

  @Get('users')
  @ApiOperation({ summary: 'Users and their roles' })
  listUsers() {
    return this.services.call<ListUsersResponse>(I.users.list, {});
  }

  @Post('permissions')
  @ApiOperation({ summary: 'Grant READ, EDIT or MANAGE on an experiment or registered model' })
  @ApiBody({ schema: schemaOf(GrantPermissionRequest) })
  async grant(@Body() body: unknown) {
    const answer = await this.services.call<PermissionResponse>(I.permissions.grant, payload(body));
    this.cache.permissionChanged();
    return answer;
  }

  @Get('permissions')
  @ApiOperation({ summary: 'Permissions, optionally ?user=&kind=&resource_id=' })
  @ApiQuery({ name: 'user', required: false })
  @ApiQuery({ name: 'kind', required: false, enum: [...RESOURCE_KINDS] })
  @ApiQuery({ name: 'resource_id', required: false })
  listPermissions(@Query() query: Record<string, unknown>) {
    return this.services.call<ListPermissionsResponse>(I.permissions.list, queryPayload(query));
  }

  @Delete('permissions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a permission: ?user=&kind=&resource_id=' })
  @ApiQuery({ name: 'user', required: true })
  @ApiQuery({ name: 'kind', required: true, enum: [...RESOURCE_KINDS] })
  @ApiQuery({ name: 'resource_id', required: true })
  async revoke(@Query() query: Record<string, unknown>) {
    const answer = await this.services.call<Record<string, never>>(I.permissions.revoke, queryPayload(query));
    this.cache.permissionChanged();
    return answer;
  }

  @Get('audit')
  @ApiOperation({ summary: 'Audit log, newest first: promotions, gate overrides, token and permission changes' })
  @ApiQuery({ name: 'action', required: false })
  @ApiQuery({ name: 'actor', required: false })
  @ApiQuery({ name: 'max_results', required: false, type: Number })
  audit(@Query() query: Record<string, unknown>) {
    const { max_results, ...rest } = queryPayload(query);
    return this.services.call<ListAuditResponse>(I.audit.list, {
      ...rest,
      ...(max_results !== undefined ? { max_results: Number(max_results) } : {}),
    });
  }
}
