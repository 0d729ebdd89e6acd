import { Summarizer } from '@llmops/pipeline';
import { ResolvedModelLocation } from './resolved-model';

/**
 * Port: builds a ready summarizer from a resolved package location. Errors: RESOURCE_DOES_NOT_EXIST
 * when there is no package there, MODEL_LOAD_FAILED when it is there but unusable.
 */
export abstract class ModelPackageLoader {
  abstract load(resolved: ResolvedModelLocation): Promise<Summarizer>;
}
