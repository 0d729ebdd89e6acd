import { Injectable } from '@nestjs/common';
import {
  AUDIT_ACTIONS,
  CallerIdentity,
  CheckPermissionResponse,
  Permission,
  ReadableResourcesResponse,
  ResourceKind,
  LoggedModelResponse,
  RunResponse,
  SUBJECTS,
  TraceInfoResponse,
  hasRole,
} from '@llmops/contract';
import { RpcClient } from '@llmops/messaging';

/**
 * What the gateway asks to decide access: permissions (identity) and a run's experiment
 * (tracking). These calls carry no caller header: they are the gateway's own questions, not the
 * caller's requests (the services let header-less calls through; NATS permissions limit who may
 * make them).
 */
@Injectable()
export class AccessService {
  constructor(private readonly rpc: RpcClient) {}

  async permissionOn(caller: CallerIdentity, kind: ResourceKind, resourceId: string): Promise<Permission> {
    if (hasRole(caller.roles, 'admin')) return 'MANAGE';
    const answer = await this.rpc.request<CheckPermissionResponse>(SUBJECTS.identity.permissions.check, {
      user: caller.user,
      kind,
      resource_id: resourceId,
    });
    return answer.permission;
  }

  /** Ids the caller may read; undefined means every one (admins). */
  async readable(caller: CallerIdentity, kind: ResourceKind): Promise<Set<string> | undefined> {
    if (hasRole(caller.roles, 'admin')) return undefined;
    const answer = await this.rpc.request<ReadableResourcesResponse>(SUBJECTS.identity.permissions.readable, {
      user: caller.user,
      kind,
    });
    return new Set(answer.resource_ids);
  }

  async experimentOfRun(runId: string): Promise<string> {
    const answer = await this.rpc.request<RunResponse>(SUBJECTS.tracking.runs.get, { run_id: runId });
    return answer.run.info.experiment_id;
  }

  async experimentOfLoggedModel(modelId: string): Promise<string> {
    const answer = await this.rpc.request<LoggedModelResponse>(SUBJECTS.tracking.loggedModels.get, {
      model_id: modelId,
    });
    return answer.model.info.experiment_id;
  }

  async experimentOfTrace(traceId: string): Promise<string> {
    const answer = await this.rpc.request<TraceInfoResponse>(SUBJECTS.tracking.traces.get, { trace_id: traceId });
    return answer.trace_info.trace_location.mlflow_experiment.experiment_id;
  }

  async grantManage(user: string, kind: ResourceKind, resourceId: string): Promise<void> {
    await this.rpc.request(SUBJECTS.identity.permissions.grant, {
      user,
      kind,
      resource_id: resourceId,
      permission: 'MANAGE',
    });
  }

  async audit(actor: string, action: string, target: string, details: Record<string, unknown>): Promise<void> {
    await this.rpc.request(SUBJECTS.identity.audit.append, { actor, action, target, details });
  }

  auditPromotion(actor: string, target: string, details: Record<string, unknown>, override: boolean): Promise<void[]> {
    return Promise.all([
      ...(String(details.stage).toLowerCase() === 'production'
        ? [this.audit(actor, AUDIT_ACTIONS.promotion, target, details)]
        : []),
      ...(override ? [this.audit(actor, AUDIT_ACTIONS.gateOverride, target, details)] : []),
    ]);
  }
}
