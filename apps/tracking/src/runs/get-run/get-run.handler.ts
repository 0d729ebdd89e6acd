import { Injectable } from '@nestjs/common';
import { TrackingStore } from '../../store/tracking-store';
import { ModelOutput } from '../../logged-models/domain/logged-model';
import { Run } from '../domain/run';
import { requireRun } from '../run-lookup';

@Injectable()
export class GetRunHandler {
  constructor(private readonly store: TrackingStore) {}

  /** The run and (MLflow 3) the logged models it produced. */
  execute(runId: string): Promise<Run & { outputs: ModelOutput[] }> {
    return this.store.transaction(async ({ runs, loggedModels }) => ({
      ...(await requireRun(runs, runId)),
      outputs: await loggedModels.outputsOf(runId),
    }));
  }
}
