import { performance } from 'node:perf_hooks';
import { resolveSettings } from '../summarizer/settings';
import {
  ParamSpec,
  SettingsRecord,
  SummarizeOverrides,
  Summarizer,
  SummarizerDescription,
  SummaryResult,
} from '../summarizer/summarizer';
import { EXTRACTIVE_PARAMS, ExtractiveSettings } from './extractive.settings';
import { splitSentences } from './sentence-splitter';
import { selectSentences, wordCount } from './text-rank';

/**
 * The weightless baseline: picks whole sentences from the article (TextRank/LexRank centrality with
 * a position prior and redundancy control, or the lead). Deterministic; token counts are words.
 */
export class ExtractiveSummarizer extends Summarizer {
  readonly flavor = 'extractive' as const;
  private readonly settings: SettingsRecord;

  constructor(settings: Partial<ExtractiveSettings> = {}) {
    super();
    this.settings = resolveSettings(EXTRACTIVE_PARAMS, settings);
  }

  async summarize(articles: string[], overrides: SummarizeOverrides = {}): Promise<SummaryResult[]> {
    const settings = resolveSettings(EXTRACTIVE_PARAMS, this.settings, overrides) as unknown as ExtractiveSettings;
    return articles.map((article) => {
      const started = performance.now();
      const sentences = splitSentences(article);
      const summary = selectSentences(sentences, settings)
        .map((i) => sentences[i])
        .join(' ');
      return {
        summary,
        tokensIn: wordCount(article),
        tokensOut: wordCount(summary),
        latencyMs: performance.now() - started,
        truncated: false,
      };
    });
  }

  describe(): SummarizerDescription {
    return { flavor: this.flavor, modelId: `extractive-${this.settings.method}`, settings: { ...this.settings } };
  }

  paramSchema(): readonly ParamSpec[] {
    return EXTRACTIVE_PARAMS;
  }

  async dispose(): Promise<void> {
    // Nothing to free: no model.
  }
}
