import { Injectable } from '@nestjs/common';
import { RunInfo } from '../../runs/domain/run';
import { requireRunInfo } from '../../runs/run-lookup';
import { TrackingStore } from '../../store/tracking-store';

/** Where a run's artifacts live; callers stream through `@llmops/artifacts` with it. */
@Injectable()
export class ResolveArtifactRootHandler {
  constructor(private readonly store: TrackingStore) {}

  execute(runId: string): Promise<RunInfo> {
    return this.store.transaction(({ runs }) => requireRunInfo(runs, runId));
  }
}
