import { LoggedModelStatusName, LoggedModelView } from '@llmops/contract';
import { ArtifactLocations } from '../artifacts/artifact-locations';
import { LoggedModel, statusToWire } from './domain/logged-model';

/** A logged model as MLflow's `LoggedModel` proto: unset fields absent, the location as presented. */
export function toLoggedModelView(model: LoggedModel, locations: ArtifactLocations): LoggedModelView {
  return {
    info: {
      model_id: model.modelId,
      experiment_id: model.experimentId,
      name: model.name,
      creation_timestamp_ms: model.creationTimestamp,
      last_updated_timestamp_ms: model.lastUpdatedTimestamp,
      artifact_uri: locations.presentLoggedModel(model),
      status: statusToWire(model.status) as LoggedModelStatusName,
      ...(model.modelType !== null ? { model_type: model.modelType } : {}),
      ...(model.sourceRunId !== null ? { source_run_id: model.sourceRunId } : {}),
      ...(model.statusMessage !== null ? { status_message: model.statusMessage } : {}),
      tags: model.tags.map((t) => ({ key: t.key, value: t.value })),
      registrations: [],
    },
    data: { params: model.params.map((p) => ({ key: p.key, value: p.value })), metrics: [] },
  };
}
