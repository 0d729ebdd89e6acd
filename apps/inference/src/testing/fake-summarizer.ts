import { ParamSpec, SummarizeOverrides, Summarizer, SummarizerDescription, SummaryResult } from '@llmops/pipeline';

/** A summarizer for unit tests: echoes a tag and the first words, records every call. */
export class FakeSummarizer extends Summarizer {
  readonly flavor = 'extractive' as const;
  readonly calls: Array<{ articles: string[]; overrides?: SummarizeOverrides }> = [];
  disposed = false;
  /** When set, `summarize` waits for it (to hold a call in flight). */
  gate?: Promise<void>;

  constructor(readonly tag: string) {
    super();
  }

  async summarize(articles: string[], overrides?: SummarizeOverrides): Promise<SummaryResult[]> {
    if (this.disposed) throw new Error(`${this.tag} used after dispose`);
    this.calls.push({ articles, overrides });
    if (this.gate) await this.gate;
    return articles.map((a) => ({
      summary: `${this.tag}:${a.split(/\s+/).slice(0, 3).join(' ')}`,
      tokensIn: a.split(/\s+/).length,
      tokensOut: 3,
      latencyMs: 1,
      truncated: false,
    }));
  }

  describe(): SummarizerDescription {
    return { flavor: 'extractive', modelId: this.tag, settings: {} };
  }

  paramSchema(): readonly ParamSpec[] {
    return [];
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }
}

/** A promise with its resolve function, to hold fakes at a chosen point. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
