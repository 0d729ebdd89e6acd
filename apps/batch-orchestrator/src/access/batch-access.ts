import { Injectable } from '@nestjs/common';
import {
  CallerIdentity,
  Permission,
  PermissionDeniedError,
  ResourceKind,
  hasRole,
  permissionAtLeast,
} from '@llmops/contract';
import { BatchPermissions } from './batch-permissions';

/**
 * Who is asking: the identity the gateway attached, or undefined for another service (no gateway
 * identity: NATS permissions decide which services may publish at all).
 */
export type BatchCaller = CallerIdentity | undefined;

/** Which jobs a caller may see: theirs, those writing a table they may read, those granted to them. */
export interface JobScope {
  owner: string;
  tables: string[];
  jobs: string[];
}

const LABEL: Record<ResourceKind, string> = {
  experiment: 'experiment',
  registered_model: 'registered model',
  table: 'table',
  dataset: 'dataset',
  batch_job: 'batch job',
};

/**
 * The batch orchestrator's access decisions, made on the canonical names the handlers then use
 * (datasets and tables are named by the location resolver first, so the check and the use agree).
 * Admins and service calls hold every permission.
 */
@Injectable()
export class BatchAccess {
  constructor(private readonly permissions: BatchPermissions) {}

  privileged(caller: BatchCaller): boolean {
    return caller === undefined || hasRole(caller.roles, 'admin');
  }

  async may(caller: BatchCaller, kind: ResourceKind, id: string, needed: Exclude<Permission, 'NONE'>) {
    if (this.privileged(caller)) return true;
    return permissionAtLeast(await this.permissions.permissionOn(caller!.user, kind, id), needed);
  }

  async require(caller: BatchCaller, kind: ResourceKind, id: string, needed: Exclude<Permission, 'NONE'>) {
    if (!(await this.may(caller, kind, id, needed))) {
      throw new PermissionDeniedError(`Permission denied: ${caller!.user} needs ${needed} on ${LABEL[kind]} ${id}`);
    }
  }

  /** Ids the caller may read; undefined means every one. */
  async readable(caller: BatchCaller, kind: ResourceKind): Promise<string[] | undefined> {
    if (this.privileged(caller)) return undefined;
    return this.permissions.readable(caller!.user, kind);
  }

  /** The jobs a caller may see (undefined: all of them). */
  async jobScope(caller: BatchCaller): Promise<JobScope | undefined> {
    if (this.privileged(caller)) return undefined;
    const [tables, jobs] = await Promise.all([
      this.permissions.readable(caller!.user, 'table'),
      this.permissions.readable(caller!.user, 'batch_job'),
    ]);
    return { owner: caller!.user, tables, jobs };
  }

  /** MANAGE for the creator (admins and services hold it already). */
  async grantCreator(caller: BatchCaller, kind: ResourceKind, id: string): Promise<void> {
    if (this.privileged(caller)) return;
    await this.permissions.grantManage(caller!.user, kind, id);
  }

  async revokeAll(kind: ResourceKind, id: string): Promise<void> {
    await this.permissions.revokeAll(kind, id);
  }
}

/** A job is visible to its owner, to readers of its table, to explicit grantees, to admins. */
export function jobVisible(
  scope: JobScope | undefined,
  job: { id: string; owner: string | null; outputTable: string },
): boolean {
  if (!scope) return true;
  return job.owner === scope.owner || scope.tables.includes(job.outputTable) || scope.jobs.includes(job.id);
}
