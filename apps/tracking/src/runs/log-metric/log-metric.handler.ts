import { Injectable } from '@nestjs/common';
import { TrackingStore } from '../../store/tracking-store';
import { Metric } from '../domain/run';
import { countLogged, logToRun } from '../logging/log-to-run';

@Injectable()
export class LogMetricHandler {
  constructor(private readonly store: TrackingStore) {}

  async execute(runId: string, metric: Metric): Promise<void> {
    await this.store.transaction((repos) => logToRun(repos, runId, { params: [], metrics: [metric], tags: [] }));
    countLogged({ params: [], metrics: [metric] });
  }
}
