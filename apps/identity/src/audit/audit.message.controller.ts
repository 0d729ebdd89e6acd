import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import {
  AppendAuditRequest,
  AuditEntryResponse,
  ListAuditRequest,
  ListAuditResponse,
  SUBJECTS,
} from '@llmops/contract';
import { callerIdentityOf } from '@llmops/authz';
import { auditView } from '../identity.views';
import { AuditLog } from './audit-log';

@Controller()
export class AuditController {
  constructor(private readonly audit: AuditLog) {}

  /** The actor is the attached caller when there is one (a caller cannot write in another's name). */
  @MessagePattern(SUBJECTS.identity.audit.append)
  async append(@Payload() req: AppendAuditRequest, @Ctx() ctx: unknown): Promise<AuditEntryResponse> {
    const actor = callerIdentityOf(ctx)?.user ?? req.actor;
    return { entry: auditView(await this.audit.record(actor, req.action, req.target, req.details ?? {})) };
  }

  @MessagePattern(SUBJECTS.identity.audit.list)
  async list(@Payload() req: ListAuditRequest): Promise<ListAuditResponse> {
    const entries = await this.audit.list({ action: req.action, actor: req.actor, limit: req.max_results });
    return { entries: entries.map(auditView) };
  }
}
