import { Injectable } from '@nestjs/common';
import { ResourceNotFoundError } from '@llmops/contract';
import { dedupeTags } from '../../experiments/create-experiment/create-experiment.handler';
import { Tag } from '../../experiments/domain/experiment';
import { Clock } from '../../shared/clock';
import { validateTag } from '../../shared/validation';
import { TrackingStore } from '../../store/tracking-store';
import { LoggedModel } from '../domain/logged-model';
import { requireLoggedModel } from '../logged-model-lookup';

/** MLflow 3's SetLoggedModelTags (upsert, answers the model) and DeleteLoggedModelTag. */
@Injectable()
export class LoggedModelTagsHandler {
  constructor(
    private readonly store: TrackingStore,
    private readonly clock: Clock,
  ) {}

  async set(modelId: string, tags: Tag[]): Promise<LoggedModel> {
    const unique = dedupeTags(tags);
    unique.forEach((t) => validateTag(t.key, t.value));
    return this.store.transaction(async ({ loggedModels }) => {
      const model = await requireLoggedModel(loggedModels, modelId, { lock: true });
      await loggedModels.upsertTags(modelId, unique);
      await loggedModels.update({ ...model, lastUpdatedTimestamp: this.clock.now() });
      return requireLoggedModel(loggedModels, modelId);
    });
  }

  async delete(modelId: string, key: string): Promise<void> {
    await this.store.transaction(async ({ loggedModels }) => {
      await requireLoggedModel(loggedModels, modelId, { lock: true });
      if (!(await loggedModels.deleteTag(modelId, key))) {
        throw new ResourceNotFoundError(`No tag with key '${key}' found for logged model with ID '${modelId}'.`);
      }
    });
  }
}
