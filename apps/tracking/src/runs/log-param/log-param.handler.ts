import { Injectable } from '@nestjs/common';
import { TrackingStore } from '../../store/tracking-store';
import { countLogged, logToRun } from '../logging/log-to-run';

@Injectable()
export class LogParamHandler {
  constructor(private readonly store: TrackingStore) {}

  /** Params are immutable: the same value again is fine, a different one is refused. */
  async execute(runId: string, key: string, value: string): Promise<void> {
    await this.store.transaction((repos) =>
      logToRun(repos, runId, { params: [{ key, value }], metrics: [], tags: [] }),
    );
    countLogged({ params: [{ key, value }], metrics: [] });
  }
}
