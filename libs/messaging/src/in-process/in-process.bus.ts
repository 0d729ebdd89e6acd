import { ServiceUnavailableError } from '@llmops/contract';
import { BaseRpcContext, MessageHandler } from '@nestjs/microservices';

/** What a server registers on the bus: a handler lookup, as Nest's servers keep it. */
export interface InProcessEndpoint {
  getHandlerByPattern(pattern: string): MessageHandler | null;
  transformToObservable(value: unknown): import('rxjs').Observable<unknown>;
}

export class InProcessContext extends BaseRpcContext<[string, Record<string, string>]> {
  getSubject(): string {
    return this.args[0];
  }

  getHeaders(): Record<string, string> {
    return this.args[1];
  }
}

/**
 * The embedded mode's message bus: every app module in the process registers its handlers here.
 * Requests go to one server per subject in turn (as a NATS queue group would); events go to all.
 * Payloads are copied through JSON so that handlers see exactly what NATS would deliver.
 */
export class InProcessBus {
  private readonly endpoints = new Map<string, InProcessEndpoint[]>();
  private readonly cursor = new Map<string, number>();

  register(patterns: Iterable<string>, endpoint: InProcessEndpoint): void {
    for (const pattern of patterns) {
      const list = this.endpoints.get(pattern) ?? [];
      list.push(endpoint);
      this.endpoints.set(pattern, list);
    }
  }

  unregister(endpoint: InProcessEndpoint): void {
    for (const [pattern, list] of this.endpoints) {
      const remaining = list.filter((e) => e !== endpoint);
      if (remaining.length === 0) this.endpoints.delete(pattern);
      else this.endpoints.set(pattern, remaining);
    }
  }

  /** The next endpoint serving a request subject, or an error as NATS's "no responders". */
  pick(subject: string): InProcessEndpoint {
    const list = this.endpoints.get(subject);
    if (!list || list.length === 0) {
      throw new ServiceUnavailableError(`No service is answering '${subject}' (is it running?)`);
    }
    const next = (this.cursor.get(subject) ?? 0) % list.length;
    this.cursor.set(subject, next + 1);
    return list[next];
  }

  subscribers(subject: string): InProcessEndpoint[] {
    return [...(this.endpoints.get(subject) ?? [])];
  }
}

export function jsonCopy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
