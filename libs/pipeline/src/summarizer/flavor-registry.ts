import { extractiveFlavor } from '../extractive/extractive.flavor';
import { LlmopsSummarizerFlavorConfig } from '../model-package/mlmodel';
import { onnxSeq2SeqFlavor } from '../onnx-seq2seq/onnx-seq2seq.flavor';
import { Summarizer, SummarizerFlavorName } from './summarizer';
import { SummarizerSpec } from './summarizer-spec';

/** Options a package load may change without touching the package (deployment concerns). */
export interface LoadOptions {
  /** Overrides the packaged intra-op thread count (onnx-seq2seq). */
  intraOpThreads?: number;
  /** Overrides the packaged generation batch size (onnx-seq2seq). */
  batchSize?: number;
}

/** What a flavor provides to the registry and to packaging. */
export interface FlavorDefinition {
  name: SummarizerFlavorName;
  create(spec: SummarizerSpec): Promise<Summarizer>;
  /** Writes the flavor's files into `packageDir` and returns its MLmodel flavor entry. */
  save(summarizer: Summarizer, packageDir: string): Promise<LlmopsSummarizerFlavorConfig>;
  /** Rebuilds the summarizer from a validated package. */
  load(packageDir: string, config: LlmopsSummarizerFlavorConfig, options: LoadOptions): Promise<Summarizer>;
}

const REGISTRY: ReadonlyMap<string, FlavorDefinition> = new Map<string, FlavorDefinition>([
  [extractiveFlavor.name, extractiveFlavor],
  [onnxSeq2SeqFlavor.name, onnxSeq2SeqFlavor],
]);

export function flavorDefinition(name: string): FlavorDefinition | undefined {
  return REGISTRY.get(name);
}
