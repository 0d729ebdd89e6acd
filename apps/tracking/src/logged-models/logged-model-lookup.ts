import { LoggedModel, LOGGED_MODEL_ID, loggedModelNotFound } from './domain/logged-model';
import { LoggedModelRepository } from './domain/logged-model.repository';

/** The active logged model, or RESOURCE_DOES_NOT_EXIST (also for ids that are not `m-<32 hex>`). */
export async function requireLoggedModel(
  repo: LoggedModelRepository,
  modelId: string,
  options?: { lock?: boolean },
): Promise<LoggedModel> {
  const model = typeof modelId === 'string' && LOGGED_MODEL_ID.test(modelId) ? await repo.find(modelId, options) : null;
  if (!model) throw loggedModelNotFound(modelId);
  return model;
}
