import { ResolvedModelLocation } from './resolved-model';

/**
 * Port: turns a model URI into the location of its package. The module composes one strategy per
 * URI scheme (`SchemeModelUriResolver`), so a new scheme slots in without touching callers.
 */
export abstract class ModelUriResolver {
  abstract resolve(modelUri: string): Promise<ResolvedModelLocation>;
}

/** One URI scheme's resolution (e.g. `runs:/` through tracking, `models:/` through the registry). */
export interface ModelUriStrategy {
  /** True when this strategy handles the (canonical) URI. */
  handles(modelUri: string): boolean;
  resolve(modelUri: string): Promise<ResolvedModelLocation>;
}
