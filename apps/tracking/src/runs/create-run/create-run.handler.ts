import { Injectable } from '@nestjs/common';
import { InvalidParameterError } from '@llmops/contract';
import { ArtifactLocations } from '../../artifacts/artifact-locations';
import { Tag, assertExperimentActive } from '../../experiments/domain/experiment';
import { requireExperiment } from '../../experiments/experiment-lookup';
import { dedupeTags } from '../../experiments/create-experiment/create-experiment.handler';
import { Clock } from '../../shared/clock';
import { newRunId, randomRunName } from '../../shared/ids';
import { validateTag, validateValueLength } from '../../shared/validation';
import { TrackingStore } from '../../store/tracking-store';
import { RUN_NAME_TAG, Run, RunInfo, USER_TAG } from '../domain/run';

export interface CreateRunCommand {
  experimentId: string;
  userId?: string;
  /**
   * The caller the gateway authenticated (auth on): the run's `user_id` and `mlflow.user`,
   * replacing whatever the client sent.
   */
  authenticatedUser?: string;
  runName?: string;
  startTime?: number;
  tags?: Tag[];
}

@Injectable()
export class CreateRunHandler {
  constructor(
    private readonly store: TrackingStore,
    private readonly clock: Clock,
    private readonly locations: ArtifactLocations,
  ) {}

  async execute(command: CreateRunCommand): Promise<Run> {
    const sent = dedupeTags(command.tags ?? []);
    const tags = command.authenticatedUser
      ? [...sent.filter((t) => t.key !== USER_TAG), { key: USER_TAG, value: command.authenticatedUser }]
      : sent;
    tags.forEach((t) => validateTag(t.key, t.value));
    const nameTag = tags.find((t) => t.key === RUN_NAME_TAG)?.value;
    if (command.runName && nameTag !== undefined && nameTag !== command.runName) {
      throw new InvalidParameterError(
        `Both 'run_name' argument and '${RUN_NAME_TAG}' tag are specified, but with different values (run_name='${command.runName}', ${RUN_NAME_TAG}='${nameTag}').`,
      );
    }
    const runName = command.runName || nameTag || randomRunName();
    validateValueLength(runName, 250, 'run_name');
    const userId =
      command.authenticatedUser ?? command.userId ?? tags.find((t) => t.key === USER_TAG)?.value ?? 'unknown';
    validateValueLength(userId, 256, 'user_id');
    const allTags = [...tags.filter((t) => t.key !== RUN_NAME_TAG), { key: RUN_NAME_TAG, value: runName }];

    return this.store.transaction(async ({ experiments, runs }) => {
      const experiment = await requireExperiment(experiments, command.experimentId);
      assertExperimentActive(experiment);
      const runId = newRunId();
      const info: RunInfo = {
        runId,
        experimentId: experiment.id,
        runName,
        userId,
        status: 'RUNNING',
        startTime: command.startTime ?? this.clock.now(),
        endTime: null,
        artifactUri: this.locations.newRunLocation(experiment, runId),
        lifecycleStage: 'active',
        deletedTime: null,
      };
      await runs.insert(info, allTags);
      return { info, params: [], tags: allTags, latestMetrics: [], inputs: [] };
    });
  }
}
