import { Injectable } from '@nestjs/common';
import { TrackingStore } from '../../store/tracking-store';
import { countLogged, logToRun, RunLogEntries, validateRunLogEntries } from '../logging/log-to-run';

@Injectable()
export class LogBatchHandler {
  constructor(private readonly store: TrackingStore) {}

  /** MLflow's log-batch: limits and every entry checked first, then one transaction. */
  async execute(runId: string, entries: RunLogEntries): Promise<void> {
    validateRunLogEntries(entries);
    await this.store.transaction((repos) => logToRun(repos, runId, entries, { validated: true }));
    countLogged(entries);
  }
}
