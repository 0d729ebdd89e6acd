import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { from, mergeMap, Observable } from 'rxjs';
import { CallerIdentity, PermissionDeniedError, hasRole, permissionAtLeast } from '@llmops/contract';
import { AccessService } from './access.service';
import { callerOfResponse } from './caller';
import type { VisibleSet } from '@llmops/authz';
import { POLICY_KEY, VISIBLE_KEY } from './policy-locals';
import { RoutePolicy } from './route-policy';

type Json = Record<string, unknown>;

/**
 * What is decided from the service's answer: the creator gets MANAGE on what was created,
 * searches keep only what the caller may read, promotions and overrides go to the audit log.
 */
@Injectable()
export class AuthorizationInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Authorization');

  constructor(private readonly access: AccessService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const res = context.switchToHttp().getResponse<Response>();
    const policy = res.locals[POLICY_KEY] as RoutePolicy | undefined;
    if (!policy) return next.handle();
    const caller = callerOfResponse(res);
    const visible = res.locals[VISIBLE_KEY] as VisibleSet | undefined;
    return next.handle().pipe(mergeMap((answer) => from(this.after(caller, policy, answer, visible))));
  }

  private async after(
    caller: CallerIdentity,
    policy: RoutePolicy,
    answer: unknown,
    visible: VisibleSet | undefined,
  ): Promise<unknown> {
    const body = (typeof answer === 'object' && answer !== null ? answer : {}) as Json;
    if (policy.owns) await this.grantCreator(caller, policy.owns, body);
    if (policy.transition) {
      const t = policy.transition;
      const details = { stage: t.stage, version: t.version, ...(t.reason ? { reason: t.reason } : {}) };
      await this.access
        .auditPromotion(caller.user, `registered_model:${t.name}/${t.version}`, details, t.override)
        .catch((error: Error) => this.logger.error(`Audit of a transition failed: ${error.message}`));
    }
    if (policy.after && 'readExperimentOfAnswer' in policy.after) {
      const id = (body.experiment as Json | undefined)?.experiment_id;
      if (
        typeof id === 'string' &&
        !permissionAtLeast(await this.access.permissionOn(caller, 'experiment', id), 'READ')
      ) {
        throw new PermissionDeniedError(`Permission denied: ${caller.user} needs READ on experiment ${id}`);
      }
    }
    if (policy.after && 'filter' in policy.after) return this.filter(policy.after.filter, body, visible);
    return answer;
  }

  /**
   * MANAGE for whoever created it. Admins (and the `local` caller with auth off) hold every
   * permission already. The resource exists by now: a failed grant is logged, not answered as a failure.
   */
  private async grantCreator(
    caller: CallerIdentity,
    kind: 'experiment' | 'registered_model',
    body: Json,
  ): Promise<void> {
    if (hasRole(caller.roles, 'admin')) return;
    const id =
      kind === 'experiment'
        ? (body.experiment_id ?? (body.experiment as Json | undefined)?.experiment_id)
        : (body.registered_model as Json | undefined)?.name;
    if (typeof id !== 'string') return;
    await this.access
      .grantManage(caller.user, kind, id)
      .catch((error: Error) =>
        this.logger.error(`Granting MANAGE on ${kind} ${id} to ${caller.user} failed: ${error.message}`),
      );
  }

  /**
   * The services apply the visible set in their queries (pages and tokens reflect only visible
   * rows); this keeps an answer from showing anything else should a service ever not.
   */
  private filter(list: string, body: Json, visible: VisibleSet | undefined): Json {
    const items = body[list];
    if (!Array.isArray(items) || visible === undefined) return body;
    const readable = new Set(visible.ids);
    const keyOf = (item: Json): unknown =>
      list === 'experiments'
        ? item.experiment_id
        : list === 'runs'
          ? (item.info as Json | undefined)?.experiment_id
          : item.name;
    return { ...body, [list]: items.filter((item: Json) => readable.has(String(keyOf(item)))) };
  }
}
