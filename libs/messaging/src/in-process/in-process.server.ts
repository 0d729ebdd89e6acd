import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { InProcessBus } from './in-process.bus';

/** Nest transport strategy that serves a module's message handlers on the in-process bus. */
export class InProcessServer extends Server implements CustomTransportStrategy {
  constructor(private readonly bus: InProcessBus) {
    super();
  }

  listen(callback: (...optionalParams: unknown[]) => unknown): void {
    this.bus.register(this.messageHandlers.keys(), this);
    callback();
  }

  close(): void {
    this.bus.unregister(this);
  }

  on(): void {
    // No connection status to report in-process.
  }

  unwrap<T>(): T {
    return this.bus as T;
  }
}
