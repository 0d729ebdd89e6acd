import { InvalidParameterError, ModelLoadError } from '@llmops/contract';
import { LlmopsSummarizerFlavorConfig, PACKAGE_FORMAT_VERSION } from '../model-package/mlmodel';
import type { FlavorDefinition } from '../summarizer/flavor-registry';
import { Summarizer } from '../summarizer/summarizer';
import { ExtractiveSettings } from './extractive.settings';
import { ExtractiveSummarizer } from './extractive.summarizer';

/** The extractive flavor has no files: its package is its settings. */
export const extractiveFlavor: FlavorDefinition = {
  name: 'extractive',
  async create(spec) {
    if (spec.flavor !== 'extractive') throw new InvalidParameterError(`Not an extractive spec: ${spec.flavor}`);
    return new ExtractiveSummarizer(spec.settings);
  },
  async save(summarizer: Summarizer): Promise<LlmopsSummarizerFlavorConfig> {
    const description = summarizer.describe();
    return {
      flavor: 'extractive',
      model_id: description.modelId,
      settings: description.settings,
      format_version: PACKAGE_FORMAT_VERSION,
    };
  },
  async load(_dir, config) {
    try {
      return new ExtractiveSummarizer(config.settings as Partial<ExtractiveSettings>);
    } catch (error) {
      throw new ModelLoadError(`Extractive package has invalid settings: ${(error as Error).message}`, {
        cause: error,
      });
    }
  },
};
