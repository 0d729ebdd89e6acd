import { Injectable } from '@nestjs/common';
import { Clock } from '../../shared/clock';
import { TrackingStore } from '../../store/tracking-store';
import { requireLoggedModel } from '../logged-model-lookup';

/** MLflow 3's DeleteLoggedModel: marked deleted (its files stay, as MLflow keeps them). */
@Injectable()
export class DeleteLoggedModelHandler {
  constructor(
    private readonly store: TrackingStore,
    private readonly clock: Clock,
  ) {}

  async execute(modelId: string): Promise<void> {
    await this.store.transaction(async ({ loggedModels }) => {
      const model = await requireLoggedModel(loggedModels, modelId, { lock: true });
      await loggedModels.update({ ...model, lifecycleStage: 'deleted', lastUpdatedTimestamp: this.clock.now() });
    });
  }
}
