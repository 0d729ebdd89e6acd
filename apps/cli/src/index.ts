// What end-to-end suites use of the launcher: the embedded platform, the gateway client and the
// walkthrough. Only `type:e2e` projects may import the launcher.
export * from './platform';
export { GatewayHttpClient } from './client/http-client';
export { PlatformClient } from './client/platform-client';
export { runWalkthroughCommand } from './walkthrough/walkthrough.command';
export type { WalkthroughCommandOptions } from './walkthrough/walkthrough.command';
export type { Reporter } from './walkthrough/reporter';
export { HttpTrackingSink } from './client/http-tracking-sink';
export { runCli } from './commands/cli-harness';
