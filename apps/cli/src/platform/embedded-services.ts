import { INestMicroservice, LoggerService } from '@nestjs/common';
import { TransportConfig, startService } from '@llmops/messaging';
import { loadConfig } from '@llmops/config';
// Apps have no @llmops/* alias yet; the launcher (type:launcher) may import apps by their index.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { TrackingConfig, TrackingModule, TRACKING_QUEUE } from '../../../tracking/src';

/** The environment every embedded service reads its configuration from (the data directory's places). */
export type EmbeddedEnv = NodeJS.ProcessEnv;

/** One service the embedded platform runs: its name (as in `SUBJECTS`) and how to start it. */
export interface EmbeddedService {
  name: string;
  start(env: EmbeddedEnv, transport: TransportConfig, logger?: LoggerService | false): Promise<INestMicroservice>;
}

/**
 * Every service module available to the embedded mode, in start order. The launcher is the
 * composition root: the only place where several services' modules meet in one process.
 */
export const EMBEDDED_SERVICES: EmbeddedService[] = [
  {
    name: 'tracking',
    start: (env, transport, logger) =>
      startService(TrackingModule.forRoot(loadConfig(TrackingConfig, env)), transport, {
        queue: TRACKING_QUEUE,
        logger,
      }),
  },
];
