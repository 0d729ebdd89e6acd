import { Injectable } from '@nestjs/common';
import { requireLoggedModel } from '../../logged-models/logged-model-lookup';
import { ModelOutput } from '../../logged-models/domain/logged-model';
import { TrackingStore } from '../../store/tracking-store';
import { assertRunActive } from '../domain/run';
import { requireRunInfo } from '../run-lookup';

/** MLflow 3's LogOutputs: records the logged models a run produced (shown in `run.outputs`). */
@Injectable()
export class LogOutputsHandler {
  constructor(private readonly store: TrackingStore) {}

  async execute(runId: string, outputs: ModelOutput[]): Promise<void> {
    await this.store.transaction(async ({ runs, loggedModels }) => {
      assertRunActive(await requireRunInfo(runs, runId, { lock: true }));
      for (const output of outputs) await requireLoggedModel(loggedModels, output.modelId);
      await loggedModels.addOutputs(runId, outputs);
    });
  }
}
