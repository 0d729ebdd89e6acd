import { SummarizeOverrides, Summarizer, SummaryResult } from '@llmops/pipeline';

export interface MicroBatchOptions {
  /** Most articles summarized in one call; 1 turns batching off (each request is its own call). */
  maxBatchArticles: number;
  /** How long the first request of an idle model waits for company. */
  waitMs: number;
}

interface Part {
  articles: string[];
  resolve(results: SummaryResult[]): void;
  reject(error: unknown): void;
}

interface Lane {
  summarizer: Summarizer;
  settings?: SummarizeOverrides;
  queue: Part[];
  running: boolean;
  timer?: NodeJS.Timeout;
}

/**
 * Dynamic batching: requests for the same model and settings that arrive together are summarized
 * in one call. A lane runs one call at a time; what arrives meanwhile forms the next batch, so a
 * busy model batches by itself and an idle one adds at most `waitMs`. A request is never split.
 * If a multi-request batch fails, each request is retried alone so one cannot fail the others.
 */
export class MicroBatcher {
  private readonly lanes = new Map<string, Lane>();
  private readonly ids = new WeakMap<Summarizer, number>();
  private nextId = 1;

  constructor(private readonly options: MicroBatchOptions) {}

  get enabled(): boolean {
    return this.options.maxBatchArticles > 1;
  }

  summarize(summarizer: Summarizer, articles: string[], settings?: SummarizeOverrides): Promise<SummaryResult[]> {
    if (!this.enabled) return summarizer.summarize(articles, settings);
    const key = this.keyOf(summarizer, settings);
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { summarizer, settings, queue: [], running: false };
      this.lanes.set(key, lane);
    }
    const result = new Promise<SummaryResult[]>((resolve, reject) => lane.queue.push({ articles, resolve, reject }));
    this.schedule(key, lane);
    return result;
  }

  private schedule(key: string, lane: Lane): void {
    if (lane.running || lane.timer) return;
    if (this.queuedArticles(lane) >= this.options.maxBatchArticles || this.options.waitMs <= 0) {
      void this.run(key, lane);
      return;
    }
    lane.timer = setTimeout(() => {
      lane.timer = undefined;
      void this.run(key, lane);
    }, this.options.waitMs);
  }

  private async run(key: string, lane: Lane): Promise<void> {
    if (lane.timer) {
      clearTimeout(lane.timer);
      lane.timer = undefined;
    }
    const batch = this.take(lane);
    if (batch.length === 0) {
      this.lanes.delete(key);
      return;
    }
    lane.running = true;
    try {
      await this.execute(lane, batch);
    } finally {
      lane.running = false;
      // What queued up while this batch ran goes next, without waiting.
      if (lane.queue.length > 0) void this.run(key, lane);
      else this.lanes.delete(key);
    }
  }

  private take(lane: Lane): Part[] {
    const batch: Part[] = [];
    let count = 0;
    while (lane.queue.length > 0) {
      const next = lane.queue[0];
      if (batch.length > 0 && count + next.articles.length > this.options.maxBatchArticles) break;
      batch.push(lane.queue.shift() as Part);
      count += next.articles.length;
    }
    return batch;
  }

  private async execute(lane: Lane, batch: Part[]): Promise<void> {
    if (batch.length === 1) {
      await this.executeOne(lane, batch[0]);
      return;
    }
    let results: SummaryResult[];
    try {
      results = await lane.summarizer.summarize(
        batch.flatMap((p) => p.articles),
        lane.settings,
      );
    } catch {
      for (const part of batch) await this.executeOne(lane, part);
      return;
    }
    let offset = 0;
    for (const part of batch) {
      part.resolve(results.slice(offset, offset + part.articles.length));
      offset += part.articles.length;
    }
  }

  private async executeOne(lane: Lane, part: Part): Promise<void> {
    try {
      part.resolve(await lane.summarizer.summarize(part.articles, lane.settings));
    } catch (error) {
      part.reject(error);
    }
  }

  private queuedArticles(lane: Lane): number {
    return lane.queue.reduce((n, p) => n + p.articles.length, 0);
  }

  private keyOf(summarizer: Summarizer, settings?: SummarizeOverrides): string {
    let id = this.ids.get(summarizer);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(summarizer, id);
    }
    const sorted = settings
      ? Object.keys(settings)
          .sort()
          .map((k) => [k, settings[k]])
      : [];
    return `${id}:${JSON.stringify(sorted)}`;
  }
}
