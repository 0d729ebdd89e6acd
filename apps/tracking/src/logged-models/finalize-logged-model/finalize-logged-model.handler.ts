import { Injectable } from '@nestjs/common';
import { Clock } from '../../shared/clock';
import { TrackingStore } from '../../store/tracking-store';
import { LoggedModel, statusFromWire } from '../domain/logged-model';
import { requireLoggedModel } from '../logged-model-lookup';

/** MLflow 3's FinalizeLoggedModel: READY once its files are uploaded, or FAILED. */
@Injectable()
export class FinalizeLoggedModelHandler {
  constructor(
    private readonly store: TrackingStore,
    private readonly clock: Clock,
  ) {}

  execute(modelId: string, status: string): Promise<LoggedModel> {
    const next = statusFromWire(status);
    return this.store.transaction(async ({ loggedModels }) => {
      const model = await requireLoggedModel(loggedModels, modelId, { lock: true });
      const updated: LoggedModel = { ...model, status: next, lastUpdatedTimestamp: this.clock.now() };
      await loggedModels.update(updated);
      return updated;
    });
  }
}
