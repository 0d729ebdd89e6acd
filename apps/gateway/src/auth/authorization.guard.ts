import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import {
  CallerIdentity,
  InternalError,
  InvalidParameterError,
  PermissionDeniedError,
  ResourceKind,
  hasRole,
  permissionAtLeast,
} from '@llmops/contract';
import type { VisibleSet } from '@llmops/authz';
import { currentRequestContext } from '../http/request-context';
import { AccessService } from './access.service';
import { callerOfRequest } from './caller';
import { assertNoPathTricks } from './path-tricks';
import { AfterCheck, hasAnswerStep, policyOf, ResourceNeed, RoutePolicy } from './route-policy';
import { hasAnswerChecks } from './answer-checks';
import { AuthorizationInterceptor } from './authorization.interceptor';
import { ANSWER_CHECKS_KEY, POLICY_KEY, VISIBLE_KEY } from './policy-locals';

export { POLICY_KEY, VISIBLE_KEY } from './policy-locals';

type SearchedList = Extract<AfterCheck, { filter: unknown }>['filter'];

/** What each searched list is made visible by (a new list must say, or this does not compile). */
const KIND_OF_LIST: Record<SearchedList, ResourceKind> = {
  experiments: 'experiment',
  runs: 'experiment',
  registered_models: 'registered_model',
  model_versions: 'registered_model',
};

/**
 * Every matched route: the caller's role, then the permission on each resource the request names.
 * Runs after authentication (a middleware), so a caller is always set; open routes (health,
 * metrics, docs) are decided there and never reach a rule here.
 */
@Injectable()
export class AuthorizationGuard implements CanActivate {
  constructor(
    private readonly access: AccessService,
    private readonly answers: AuthorizationInterceptor,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (req.res?.locals.open === true) return true;
    const caller = callerOfRequest(req);
    assertNoPathTricks({
      originalUrl: req.originalUrl,
      params: (req.params ?? {}) as Record<string, unknown>,
      query: (req.query ?? {}) as Record<string, unknown>,
      body: req.body,
    });
    const route = `${req.baseUrl ?? ''}${(req.route as { path?: string } | undefined)?.path ?? req.path}`;
    const policy = policyOf({
      method: req.method,
      route,
      params: (req.params ?? {}) as Record<string, unknown>,
      query: (req.query ?? {}) as Record<string, unknown>,
      body: req.body,
      headers: req.headers as Record<string, unknown>,
    });
    // The interceptor is attached at boot to the routes whose rules may need it (answer-checks.ts):
    // a policy that needs it on a handler without it is refused, never answered unchecked.
    const answerStep = hasAnswerStep(policy);
    if (answerStep && !hasAnswerChecks(context.getHandler() as (...args: unknown[]) => unknown)) {
      throw new InternalError(`${req.method} ${route} needs its answer checked and its handler has no such check`);
    }
    if (!hasRole(caller.roles, policy.role)) {
      throw new PermissionDeniedError(`Permission denied: ${req.method} ${req.path} needs the ${policy.role} role`);
    }
    for (const need of policy.needs) await this.check(caller, need);
    const locals = (req.res as NonNullable<Request['res']>).locals;
    if (policy.after && 'filter' in policy.after) {
      const visible = await this.visibleTo(caller, policy.after.filter);
      locals[VISIBLE_KEY] = visible;
      const context = currentRequestContext();
      if (context && visible) context.visible = visible;
    }
    locals[POLICY_KEY] = policy satisfies RoutePolicy;
    // This app's interceptor, for the handler's (app-independent) answerChecks to run.
    if (answerStep) locals[ANSWER_CHECKS_KEY] = this.answers;
    return true;
  }

  /** What a search may return to the caller; undefined for admins (everything). */
  private async visibleTo(caller: CallerIdentity, list: SearchedList): Promise<VisibleSet | undefined> {
    const kind = KIND_OF_LIST[list];
    const readable = await this.access.readable(caller, kind);
    return readable === undefined ? undefined : { kind, ids: [...readable] };
  }

  private async check(caller: CallerIdentity, need: ResourceNeed): Promise<void> {
    if (hasRole(caller.roles, 'admin')) return;
    if (need.id === undefined) {
      throw new InvalidParameterError(`The request must name the ${need.kind.replace('_', ' ')}`);
    }
    const owned = need.kind === 'run' || need.kind === 'logged_model' || need.kind === 'trace';
    const kind: ResourceKind =
      need.kind === 'run' || need.kind === 'logged_model' || need.kind === 'trace' ? 'experiment' : need.kind;
    const id =
      need.kind === 'run'
        ? await this.access.experimentOfRun(need.id)
        : need.kind === 'logged_model'
          ? await this.access.experimentOfLoggedModel(need.id)
          : need.kind === 'trace'
            ? await this.access.experimentOfTrace(need.id)
            : need.id;
    const held = await this.access.permissionOn(caller, kind, id);
    if (!permissionAtLeast(held, need.permission)) {
      const what = owned
        ? `${need.kind.replace('_', ' ')} ${need.id} (experiment ${id})`
        : `${kind.replace('_', ' ')} ${id}`;
      throw new PermissionDeniedError(`Permission denied: ${caller.user} needs ${need.permission} on ${what}`);
    }
  }
}
