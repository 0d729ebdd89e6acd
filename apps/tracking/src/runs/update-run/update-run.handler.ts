import { Injectable } from '@nestjs/common';
import { validateValueLength } from '../../shared/validation';
import { TrackingStore } from '../../store/tracking-store';
import { RUN_NAME_TAG, RunInfo, RunStatus, assertRunActive } from '../domain/run';
import { requireRunInfo } from '../run-lookup';

export interface UpdateRunCommand {
  runId: string;
  status?: RunStatus;
  endTime?: number;
  runName?: string;
}

@Injectable()
export class UpdateRunHandler {
  constructor(private readonly store: TrackingStore) {}

  async execute(command: UpdateRunCommand): Promise<RunInfo> {
    if (command.runName) validateValueLength(command.runName, 250, 'run_name');
    return this.store.transaction(async ({ runs }) => {
      const info = await requireRunInfo(runs, command.runId, { lock: true });
      assertRunActive(info);
      const updated: RunInfo = {
        ...info,
        status: command.status ?? info.status,
        endTime: command.endTime ?? info.endTime,
        runName: command.runName || info.runName,
      };
      await runs.updateInfo(updated);
      // MLflow keeps the name in a tag too; both must agree.
      if (command.runName) await runs.upsertTags(info.runId, [{ key: RUN_NAME_TAG, value: command.runName }]);
      return updated;
    });
  }
}
