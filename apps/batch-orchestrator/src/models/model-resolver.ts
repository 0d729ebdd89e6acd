import { BatchModel } from '../jobs/domain/batch-job';

/** Pins a model URI to one concrete version (once per job, so a promotion mid-job mixes nothing). */
export abstract class ModelResolver {
  abstract resolve(modelUri: string): Promise<BatchModel>;
}
