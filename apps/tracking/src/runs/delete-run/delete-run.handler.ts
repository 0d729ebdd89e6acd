import { Injectable } from '@nestjs/common';
import { InvalidParameterError } from '@llmops/contract';
import { Clock } from '../../shared/clock';
import { TrackingStore } from '../../store/tracking-store';
import { requireRunInfo } from '../run-lookup';

/** Soft delete and restore of a run (lifecycle stage), as MLflow. */
@Injectable()
export class DeleteRunHandler {
  constructor(
    private readonly store: TrackingStore,
    private readonly clock: Clock,
  ) {}

  async delete(runId: string): Promise<void> {
    await this.store.transaction(async ({ runs }) => {
      const info = await requireRunInfo(runs, runId, { lock: true });
      if (info.lifecycleStage === 'deleted') return;
      await runs.updateInfo({ ...info, lifecycleStage: 'deleted', deletedTime: this.clock.now() });
    });
  }

  async restore(runId: string): Promise<void> {
    await this.store.transaction(async ({ runs, experiments }) => {
      const info = await requireRunInfo(runs, runId, { lock: true });
      if (info.lifecycleStage === 'active') return;
      if ((await experiments.stageOf(info.experimentId)) !== 'active') {
        throw new InvalidParameterError(
          `Cannot restore run ${runId}: its experiment ${info.experimentId} is deleted (restore the experiment first).`,
        );
      }
      await runs.updateInfo({ ...info, lifecycleStage: 'active', deletedTime: null });
    });
  }
}
