import { Injectable } from '@nestjs/common';
import { TRACKING_LIMITS } from '@llmops/contract';
import { Metric } from '../../runs/domain/run';
import { requireRunInfo } from '../../runs/run-lookup';
import { decodePageToken, pageOf } from '../../shared/page-token';
import { TrackingStore } from '../../store/tracking-store';

export interface MetricHistoryPage {
  metrics: Metric[];
  nextPageToken?: string;
}

@Injectable()
export class GetMetricHistoryHandler {
  constructor(private readonly store: TrackingStore) {}

  async execute(runId: string, key: string, maxResults?: number, pageToken?: string): Promise<MetricHistoryPage> {
    const limit = maxResults ?? TRACKING_LIMITS.defaultResultsMetricHistory;
    const identity = { runId, key };
    const offset = decodePageToken(pageToken, identity);
    return this.store.transaction(async ({ runs }) => {
      await requireRunInfo(runs, runId);
      const rows = await runs.metricHistory(runId, key, offset, limit + 1);
      const page = pageOf(rows, offset, limit, identity);
      return { metrics: page.items, nextPageToken: page.nextPageToken };
    });
  }
}
