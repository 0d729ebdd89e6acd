import { Injectable } from '@nestjs/common';
import { TRACKING_LIMITS } from '@llmops/contract';
import { requireRunInfo } from '../../runs/run-lookup';
import { decodePageToken, pageOf } from '../../shared/page-token';
import { TrackingStore } from '../../store/tracking-store';
import { Prediction } from '../domain/prediction';

@Injectable()
export class ListPredictionsHandler {
  constructor(private readonly store: TrackingStore) {}

  async execute(
    runId: string,
    maxResults?: number,
    pageToken?: string,
  ): Promise<{ predictions: Prediction[]; nextPageToken?: string }> {
    const limit = maxResults ?? TRACKING_LIMITS.defaultResultsPredictions;
    const identity = { runId, predictions: true };
    const offset = decodePageToken(pageToken, identity);
    return this.store.transaction(async ({ runs, predictions }) => {
      await requireRunInfo(runs, runId);
      const rows = await predictions.list(runId, offset, limit + 1);
      const page = pageOf(rows, offset, limit, identity);
      return { predictions: page.items, nextPageToken: page.nextPageToken };
    });
  }
}
