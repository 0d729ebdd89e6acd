import { Logger } from '@nestjs/common';
import { RpcClient } from '@llmops/messaging';
import { RegistryEvents } from '../ports/registry-events.port';

export class RpcRegistryEvents extends RegistryEvents {
  private readonly logger = new Logger('RegistryEvents');

  constructor(private readonly rpc: RpcClient) {
    super();
  }

  async publish(subject: string, payload: object): Promise<void> {
    try {
      await this.rpc.emit(subject, payload);
    } catch (error) {
      // The change is committed; a lost notification must not turn it into an error for the caller.
      this.logger.warn(`Could not publish ${subject}: ${(error as Error).message}`);
    }
  }
}
