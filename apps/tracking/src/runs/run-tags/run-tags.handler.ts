import { Injectable } from '@nestjs/common';
import { ResourceNotFoundError } from '@llmops/contract';
import { validateKey } from '../../shared/validation';
import { TrackingStore } from '../../store/tracking-store';
import { assertRunActive } from '../domain/run';
import { logToRun } from '../logging/log-to-run';
import { requireRunInfo } from '../run-lookup';

@Injectable()
export class RunTagsHandler {
  constructor(private readonly store: TrackingStore) {}

  /** Sets (overwrites) a tag; `mlflow.runName` also renames the run. */
  async set(runId: string, key: string, value: string): Promise<void> {
    await this.store.transaction((repos) =>
      logToRun(repos, runId, { params: [], metrics: [], tags: [{ key, value }] }),
    );
  }

  async delete(runId: string, key: string): Promise<void> {
    validateKey(key, 'tag key');
    await this.store.transaction(async ({ runs }) => {
      assertRunActive(await requireRunInfo(runs, runId, { lock: true }));
      if (!(await runs.deleteTag(runId, key))) {
        throw new ResourceNotFoundError(`No tag with name: ${key} in run with id ${runId}`);
      }
    });
  }
}
