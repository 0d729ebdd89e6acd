import { MetricView, RunInfoView, RunView, toWireDouble } from '@llmops/contract';
import { ArtifactLocations } from '../artifacts/artifact-locations';
import { Metric, Run, RunInfo } from './domain/run';

/** A run's info as clients see it (its artifact URI as `locations` presents it). */
export function toRunInfoView(info: RunInfo, locations: ArtifactLocations): RunInfoView {
  return {
    run_id: info.runId,
    run_uuid: info.runId,
    run_name: info.runName,
    experiment_id: info.experimentId,
    user_id: info.userId,
    status: info.status,
    start_time: info.startTime,
    end_time: info.endTime,
    artifact_uri: locations.presentRun(info),
    lifecycle_stage: info.lifecycleStage,
  };
}

export function toMetricView(metric: Metric): MetricView {
  return { key: metric.key, value: toWireDouble(metric.value), timestamp: metric.timestamp, step: metric.step };
}

export function toRunView(run: Run, locations: ArtifactLocations): RunView {
  return {
    info: toRunInfoView(run.info, locations),
    data: {
      metrics: run.latestMetrics.map(toMetricView),
      params: run.params.map((p) => ({ key: p.key, value: p.value })),
      tags: run.tags.map((t) => ({ key: t.key, value: t.value })),
    },
    inputs: {
      dataset_inputs: run.inputs.map((input) => ({
        tags: input.tags.map((t) => ({ key: t.key, value: t.value })),
        dataset: {
          name: input.dataset.name,
          digest: input.dataset.digest,
          source_type: input.dataset.sourceType,
          source: input.dataset.source,
          ...(input.dataset.schema !== null ? { schema: input.dataset.schema } : {}),
          ...(input.dataset.profile !== null ? { profile: input.dataset.profile } : {}),
        },
      })),
    },
  };
}
