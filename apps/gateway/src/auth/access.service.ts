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
import { AccessCache, TtlCache } from './access-cache';

/** Runs (and logged models) whose experiment the gateway remembers: a few MB at most. */
const EXPERIMENT_CACHE_ENTRIES = 50_000;

/**
 * Answers that never change for a key, kept for the most recently used `capacity` keys. Only
 * answers are kept: a failed lookup (not found, service down) is asked again next time; concurrent
 * asks for a key share one lookup.
 */
export class ImmutableLookupCache extends TtlCache<string> {
  constructor(capacity: number) {
    super(capacity, Infinity);
  }
}

/**
 * What the gateway asks to decide access: permissions (identity) and a run's experiment
 * (tracking). These calls carry no caller header: they are the gateway's own questions, not the
 * caller's requests (the services let header-less calls through; NATS permissions limit who may
 * make them).
 */
@Injectable()
export class AccessService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly cache: AccessCache,
  ) {}

  /** Held permissions are remembered for seconds at most (AccessCache); `NONE` is asked every time. */
  async permissionOn(caller: CallerIdentity, kind: ResourceKind, resourceId: string): Promise<Permission> {
    if (hasRole(caller.roles, 'admin')) return 'MANAGE';
    return this.cache.permissions.get(
      `${caller.user}\u0000${kind}\u0000${resourceId}`,
      async () => {
        const answer = await this.rpc.request<CheckPermissionResponse>(SUBJECTS.identity.permissions.check, {
          user: caller.user,
          kind,
          resource_id: resourceId,
        });
        return answer.permission;
      },
      (permission) => (permission === 'NONE' ? 0 : Infinity),
    );
  }

  /** Ids the caller may read; undefined means every one (admins). */
  async readable(caller: CallerIdentity, kind: ResourceKind): Promise<Set<string> | undefined> {
    if (hasRole(caller.roles, 'admin')) return undefined;
    const ids = await this.cache.readable.get(`${caller.user}\u0000${kind}`, async () => {
      const answer = await this.rpc.request<ReadableResourcesResponse>(SUBJECTS.identity.permissions.readable, {
        user: caller.user,
        kind,
      });
      return answer.resource_ids;
    });
    return new Set(ids);
  }

  /**
   * A run's experiment never changes (MLflow has no way to move a run), so it is asked once: every
   * call to a run would otherwise load the whole run (params, tags, latest metrics) just for it.
   */
  async experimentOfRun(runId: string): Promise<string> {
    return this.experimentsOfRuns.get(runId, async () => {
      const answer = await this.rpc.request<RunResponse>(SUBJECTS.tracking.runs.get, { run_id: runId });
      return answer.run.info.experiment_id;
    });
  }

  /** Likewise a logged model's experiment. */
  async experimentOfLoggedModel(modelId: string): Promise<string> {
    return this.experimentsOfLoggedModels.get(modelId, async () => {
      const answer = await this.rpc.request<LoggedModelResponse>(SUBJECTS.tracking.loggedModels.get, {
        model_id: modelId,
      });
      return answer.model.info.experiment_id;
    });
  }

  async experimentOfTrace(traceId: string): Promise<string> {
    const answer = await this.rpc.request<TraceInfoResponse>(SUBJECTS.tracking.traces.get, { trace_id: traceId });
    return answer.trace_info.trace_location.mlflow_experiment.experiment_id;
  }

  private readonly experimentsOfRuns = new ImmutableLookupCache(EXPERIMENT_CACHE_ENTRIES);
  private readonly experimentsOfLoggedModels = new ImmutableLookupCache(EXPERIMENT_CACHE_ENTRIES);

  async grantManage(user: string, kind: ResourceKind, resourceId: string): Promise<void> {
    await this.rpc.request(SUBJECTS.identity.permissions.grant, {
      user,
      kind,
      resource_id: resourceId,
      permission: 'MANAGE',
    });
    // Identity announces it too; this replica need not wait for that.
    this.cache.permissionChanged();
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
