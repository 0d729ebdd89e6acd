import { LlmopsSummarizerFlavorConfig } from '../model-package/mlmodel';
import { Summarizer, SummarizerFlavorName } from './summarizer';
import { SummarizerSpec } from './summarizer-spec';

/** Options a package load may change without touching the package (deployment concerns). */
export interface LoadOptions {
  /** Overrides the packaged intra-op thread count (onnx-seq2seq). */
  intraOpThreads?: number;
}

/** What a flavor provides to the registry and to packaging. */
export interface FlavorDefinition {
  name: SummarizerFlavorName;
  create(spec: SummarizerSpec): Promise<Summarizer>;
  /** Writes the flavor's files into `packageDir` and returns its MLmodel flavor entry. */
  save(summarizer: Summarizer, packageDir: string): Promise<LlmopsSummarizerFlavorConfig>;
  /** Rebuilds the summarizer from a package (validated by the caller's manifest check). */
  load(packageDir: string, config: LlmopsSummarizerFlavorConfig, options: LoadOptions): Promise<Summarizer>;
}

const registry = new Map<string, FlavorDefinition>();

export function registerFlavor(definition: FlavorDefinition): void {
  registry.set(definition.name, definition);
}

export function flavorDefinition(name: string): FlavorDefinition | undefined {
  return registry.get(name);
}
