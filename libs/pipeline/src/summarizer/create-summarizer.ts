import { InvalidParameterError } from '@llmops/contract';
import { Summarizer, SummarizerFlavorName } from './summarizer';
import { SummarizerSpec } from './summarizer-spec';
import { flavorDefinition } from './flavor-registry';

/**
 * Builds a summarizer from a spec; the flavor name picks the implementation. For `onnx-seq2seq`
 * this loads the model (fails with ModelLoadError when it is not available).
 */
export async function createSummarizer(spec: SummarizerSpec): Promise<Summarizer> {
  const definition = flavorDefinition((spec as { flavor: string }).flavor);
  if (!definition) {
    throw new InvalidParameterError(`Unknown summarizer flavor '${(spec as { flavor: string }).flavor}'`);
  }
  return definition.create(spec);
}

export function isSummarizerFlavor(name: string): name is SummarizerFlavorName {
  return flavorDefinition(name) !== undefined;
}
