import { Inject, Injectable } from '@nestjs/common';
import { SUBJECTS } from '@llmops/contract';
import { NATS_CONNECTION } from '@llmops/messaging';
import type { NatsConnection } from 'nats';
import { GATEWAY_CONFIG } from '../gateway.tokens';
import { GatewayConfig } from '../gateway.config';
import { ServiceClient } from '../services/service-client';

export interface CheckResult {
  status: 'ok' | 'failing';
  message?: string;
}

export interface Readiness {
  status: 'ok' | 'unavailable';
  checks: Record<string, CheckResult>;
}

/** The services the gateway fronts, by name, with the subject each answers health checks on. */
export function healthSubjects(table: Record<string, unknown> = SUBJECTS): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [service, subjects] of Object.entries(table)) {
    const health = (subjects as { health?: unknown }).health;
    if (typeof health === 'string') out[service] = health;
  }
  return out;
}

/** Ready = the bus answers and every fronted service answers its health subject with `ok`. */
@Injectable()
export class ReadinessService {
  constructor(
    private readonly services: ServiceClient,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection | null,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async check(): Promise<Readiness> {
    const wanted = this.config.READINESS_SERVICES.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const subjects = Object.entries(healthSubjects()).filter(([name]) => wanted.length === 0 || wanted.includes(name));
    const results = await Promise.all([
      this.checkBus().then((r) => ['bus', r] as const),
      ...subjects.map(([name, subject]) => this.checkService(subject).then((r) => [name, r] as const)),
    ]);
    const checks = Object.fromEntries(results);
    const ok = results.every(([, r]) => r.status === 'ok');
    return { status: ok ? 'ok' : 'unavailable', checks };
  }

  private async checkBus(): Promise<CheckResult> {
    if (!this.nats) return { status: 'ok' };
    if (this.nats.isClosed()) return { status: 'failing', message: 'NATS connection is closed' };
    try {
      await withTimeout(this.nats.flush(), this.config.READINESS_TIMEOUT_MS, 'NATS did not answer a ping');
      return { status: 'ok' };
    } catch (error) {
      return { status: 'failing', message: (error as Error).message };
    }
  }

  private async checkService(subject: string): Promise<CheckResult> {
    try {
      const answer = await this.services.call<{ status?: unknown }>(subject, {}, this.config.READINESS_TIMEOUT_MS);
      return answer?.status === 'ok'
        ? { status: 'ok' }
        : { status: 'failing', message: `health answered ${JSON.stringify(answer)}` };
    } catch (error) {
      return { status: 'failing', message: (error as Error).message };
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
