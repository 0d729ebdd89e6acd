import { Injectable } from '@nestjs/common';
import { InvalidParameterError, ResourceAlreadyExistsError } from '@llmops/contract';
import { isWithinArtifactRoot } from '@llmops/artifacts';
import { ArtifactLocations } from '../../artifacts/artifact-locations';
import { Clock } from '../../shared/clock';
import { validateExperimentName, validateTag } from '../../shared/validation';
import { TrackingSettings, TrackingStore } from '../../store/tracking-store';
import { Experiment, Tag } from '../domain/experiment';

export interface CreateExperimentCommand {
  name: string;
  artifactLocation?: string;
  tags?: Tag[];
}

@Injectable()
export class CreateExperimentHandler {
  constructor(
    private readonly store: TrackingStore,
    private readonly settings: TrackingSettings,
    private readonly clock: Clock,
    private readonly locations: ArtifactLocations,
  ) {}

  async execute(command: CreateExperimentCommand): Promise<Experiment> {
    const name = validateExperimentName(command.name);
    const tags = command.tags ?? [];
    tags.forEach((t) => validateTag(t.key, t.value, 'experiment tag'));
    if (command.artifactLocation !== undefined && command.artifactLocation !== '') {
      // Refused early rather than at the first upload.
      if (
        !/^[a-z][a-z0-9+.-]*:\/\//i.test(command.artifactLocation) &&
        !/^mlflow-artifacts:\//i.test(command.artifactLocation)
      ) {
        throw new InvalidParameterError(
          `Invalid value for artifact_location '${command.artifactLocation}': expected a URI`,
        );
      }
      // Uploads go wherever the run's artifact URI points: a caller must not aim them outside the store.
      // (`mlflow-artifacts:/<path>` is a place in the store; its path is checked on the way.)
      if (!isWithinArtifactRoot(this.settings.artifactRoot, this.locations.storageUri(command.artifactLocation))) {
        throw new InvalidParameterError(
          `Invalid value for artifact_location '${command.artifactLocation}': it must be inside the artifact root ${this.settings.artifactRoot}`,
        );
      }
    }
    return this.store.transaction(async ({ experiments }) => {
      if (await experiments.findByName(name)) {
        throw new ResourceAlreadyExistsError(`Experiment '${name}' already exists.`);
      }
      const id = await experiments.nextId();
      const now = this.clock.now();
      const experiment: Experiment = {
        id,
        name,
        artifactLocation: command.artifactLocation || this.locations.newExperimentLocation(id),
        lifecycleStage: 'active',
        creationTime: now,
        lastUpdateTime: now,
        tags: dedupeTags(tags),
      };
      await experiments.insert(experiment);
      return experiment;
    });
  }
}

/** Last value wins for a key given twice, as setting tags one by one would. */
export function dedupeTags(tags: Tag[]): Tag[] {
  return [...new Map(tags.map((t) => [t.key, t.value])).entries()].map(([key, value]) => ({ key, value }));
}
