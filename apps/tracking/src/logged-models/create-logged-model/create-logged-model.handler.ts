import { Injectable } from '@nestjs/common';
import { appendToArtifactUri, safeArtifactPath } from '@llmops/artifacts';
import { InvalidParameterError } from '@llmops/contract';
import { ArtifactLocations } from '../../artifacts/artifact-locations';
import { dedupeTags } from '../../experiments/create-experiment/create-experiment.handler';
import { assertExperimentActive, Tag } from '../../experiments/domain/experiment';
import { requireExperiment } from '../../experiments/experiment-lookup';
import { assertRunActive, Param } from '../../runs/domain/run';
import { requireRunInfo } from '../../runs/run-lookup';
import { Clock } from '../../shared/clock';
import { randomRunName } from '../../shared/ids';
import { validateParam, validateTag, validateValueLength } from '../../shared/validation';
import { TrackingStore } from '../../store/tracking-store';
import { LoggedModel, newLoggedModelId, validateLoggedModelName } from '../domain/logged-model';

export interface CreateLoggedModelCommand {
  /** The source run's experiment when absent. */
  experimentId?: string;
  name?: string;
  modelType?: string;
  sourceRunId?: string;
  params?: Param[];
  tags?: Tag[];
  /** The files are already in the source run's artifacts at this path (the platform's own packages). */
  runArtifactPath?: string;
}

/**
 * MLflow 3's CreateLoggedModel: a PENDING model in an active experiment, its artifacts at
 * `<experiment location>/models/<model_id>/artifacts` (or the source run's directory given), to be
 * uploaded through the proxy and then finalized READY (or FAILED).
 */
@Injectable()
export class CreateLoggedModelHandler {
  constructor(
    private readonly store: TrackingStore,
    private readonly clock: Clock,
    private readonly locations: ArtifactLocations,
  ) {}

  async execute(command: CreateLoggedModelCommand): Promise<LoggedModel> {
    const name = command.name === undefined ? randomRunName() : validateLoggedModelName(command.name);
    const params = dedupe(command.params ?? []);
    params.forEach((p) => validateParam(p.key, p.value, 'param'));
    const tags = dedupeTags(command.tags ?? []);
    tags.forEach((t) => validateTag(t.key, t.value));
    if (command.modelType !== undefined) validateValueLength(command.modelType, 500, 'model_type');
    const runPath = command.runArtifactPath === undefined ? undefined : safeArtifactPath(command.runArtifactPath);
    if (runPath !== undefined && (runPath === '' || command.sourceRunId === undefined)) {
      throw new InvalidParameterError('run_artifact_path needs a source_run_id and names a directory of that run');
    }
    if (command.experimentId === undefined && command.sourceRunId === undefined) {
      throw new InvalidParameterError("Missing value for required parameter 'experiment_id'");
    }
    return this.store.transaction(async ({ experiments, runs, loggedModels }) => {
      const run = command.sourceRunId ? await requireRunInfo(runs, command.sourceRunId) : undefined;
      const experiment = await requireExperiment(experiments, command.experimentId ?? run!.experimentId);
      assertExperimentActive(experiment);
      if (run && runPath !== undefined) {
        assertRunActive(run);
        if (run.experimentId !== experiment.id) {
          throw new InvalidParameterError(`Run '${run.runId}' is not in experiment '${experiment.id}'`);
        }
      }
      const modelId = newLoggedModelId();
      const now = this.clock.now();
      const model: LoggedModel = {
        modelId,
        experimentId: experiment.id,
        name,
        artifactLocation:
          run && runPath !== undefined
            ? appendToArtifactUri(run.artifactUri, runPath)
            : this.locations.newLoggedModelLocation(experiment, modelId),
        creationTimestamp: now,
        lastUpdatedTimestamp: now,
        status: 'PENDING',
        statusMessage: null,
        modelType: command.modelType ?? null,
        sourceRunId: run?.runId ?? null,
        lifecycleStage: 'active',
        params,
        tags,
      };
      await loggedModels.insert(model);
      return model;
    });
  }
}

/** Last value wins for a key given twice, as tags do. */
function dedupe(params: Param[]): Param[] {
  return [...new Map(params.map((p) => [p.key, p.value])).entries()].map(([key, value]) => ({ key, value }));
}
