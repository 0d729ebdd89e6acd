import { freePort, NatsServerProcess, startNatsServer } from '@llmops/messaging';

export { freePort };

export type PrivateNats = NatsServerProcess;

/**
 * A nats-server (JetStream on, in a temp store) of one suite's own: other suites serve the same
 * subjects on the machine's shared NATS, and a suite that stops a service must not see theirs.
 */
export const startPrivateNats = (): Promise<PrivateNats> => startNatsServer();
