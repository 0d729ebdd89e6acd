import { Injectable } from '@nestjs/common';
import { TrackingStore } from '../../store/tracking-store';
import { Run } from '../domain/run';
import { requireRun } from '../run-lookup';

@Injectable()
export class GetRunHandler {
  constructor(private readonly store: TrackingStore) {}

  execute(runId: string): Promise<Run> {
    return this.store.transaction(({ runs }) => requireRun(runs, runId));
  }
}
