import { Injectable } from '@nestjs/common';
import { ModelLineageView, ResourceNotFoundError } from '@llmops/contract';
import { RegistryStore } from '../ports/registry.store';
import { TrackingPort } from '../ports/tracking.port';

/** A version's lineage: its run, and through tracking the run's params, metrics and datasets. */
@Injectable()
export class GetLineageHandler {
  constructor(
    private readonly store: RegistryStore,
    private readonly tracking: TrackingPort,
  ) {}

  async execute(name: string, version: number): Promise<ModelLineageView> {
    const v = await this.store.findVersion(name, version);
    if (!v) throw new ResourceNotFoundError(`Model version '${name}' version ${version} not found`);
    const run = await this.tracking.getRun(v.runId);
    return {
      name: v.name,
      version: String(v.version),
      source: v.source,
      storage_location: v.storageLocation,
      run_id: v.runId,
      run: {
        run_id: run.runId,
        run_name: run.runName,
        experiment_id: run.experimentId,
        status: run.status,
        start_time: run.startTime,
        end_time: run.endTime,
        artifact_uri: run.artifactUri,
        user_id: run.userId,
      },
      params: run.params,
      metrics: run.metrics,
      datasets: run.datasets.map((d) => ({
        name: d.name,
        digest: d.digest,
        source_type: d.sourceType,
        source: d.source,
        context: d.context,
      })),
      run_tags: run.tags,
    };
  }
}
