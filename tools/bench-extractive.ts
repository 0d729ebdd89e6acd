/**
 * The offline default summarizer (extractive, `textrank` defaults) against Lead-3 as is (the first 3
 * sentences) AND against a lead given the same length budget (3 sentences, 65 words), on the
 * project's held-out set by default, with paired bootstrap 95% confidence intervals of the
 * differences; the opt-in `pacsum` method (settings chosen on dev.jsonl) is shown for comparison.
 *   npm run bench:extractive                              data/news/eval.jsonl (held out: never tuned on)
 *   npm run bench:extractive -- data/news/dev.jsonl ...   other JSONL files with references
 * Options through env: SETTINGS='{"positionWeight":0.5}' (or '{"method":"pacsum",...}') adds a row;
 * SAMPLES (bootstrap resamples, default 2000); REPEAT (timing passes, default 20).
 * Rows are also broken down by collection (the id's prefix: wikinews-meantime, wikinews-gum).
 * Timing: CPU time of the summarizer alone (sentence splitting + selection, no ROUGE), per article,
 * best of REPEAT passes over the rows, printed with the load average; compare the ratio, not the ms.
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import {
  createSummarizer,
  DatasetRow,
  ExtractiveSettings,
  loadJsonlDataset,
  pairedBootstrap,
  scoreRouge,
} from '@llmops/pipeline';

const ROOT = resolve(__dirname, '..');
const TYPES = ['rouge1', 'rouge2', 'rougeL', 'rougeLsum'] as const;
type Type = (typeof TYPES)[number];
type PerArticle = Record<Type, number[]>;

async function perArticle(rows: DatasetRow[], settings: Partial<ExtractiveSettings>) {
  const summarizer = await createSummarizer({ flavor: 'extractive', settings });
  const articles = rows.map((r) => r.article);
  const results = await summarizer.summarize(articles);
  const scores: PerArticle = { rouge1: [], rouge2: [], rougeL: [], rougeLsum: [] };
  results.forEach((r, i) => {
    const s = scoreRouge(r.summary, rows[i].reference as string, { splitSummaries: true });
    for (const t of TYPES) scores[t].push(s[t].fmeasure);
  });
  return { scores, words: results.reduce((a, r) => a + r.tokensOut, 0) / results.length };
}

/** CPU ms per article of `summarize` alone, best of `repeat` passes (least disturbed by other load). */
async function cpuMsPerArticle(rows: DatasetRow[], settings: Partial<ExtractiveSettings>, repeat: number) {
  const summarizer = await createSummarizer({ flavor: 'extractive', settings });
  const articles = rows.map((r) => r.article);
  let best = Infinity;
  for (let k = 0; k < repeat; k++) {
    const started = process.cpuUsage();
    await summarizer.summarize(articles);
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000 / articles.length);
  }
  return best;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const pct = (x: number) => (100 * x).toFixed(2);

function collectionOf(id: string): string {
  return /^(wikinews-[a-z]+)-/.exec(id)?.[1] ?? 'other';
}

const LEAD3: Partial<ExtractiveSettings> = { method: 'lead', maxSentences: 3, maxWords: 0 };
const LEAD_BUDGET: Partial<ExtractiveSettings> = { method: 'lead', maxSentences: 3, maxWords: 65 };
const PACSUM: Partial<ExtractiveSettings> = { method: 'pacsum' };

function variants(): Array<[string, Partial<ExtractiveSettings>]> {
  const extra = JSON.parse(process.env.SETTINGS ?? '{}') as Partial<ExtractiveSettings>;
  const list: Array<[string, Partial<ExtractiveSettings>]> = [
    ['lead-3 (first 3 sentences)', LEAD3],
    ['lead, same budget as ours (3 sentences, 65 words)', LEAD_BUDGET],
    ['**extractive default** (textrank)', {}],
    ['pacsum (opt-in; beta 0.1, weights 0.3 / -0.7 chosen on dev)', PACSUM],
  ];
  if (Object.keys(extra).length > 0) list.push([`default + ${JSON.stringify(extra)}`, extra]);
  return list;
}

async function report(title: string, rows: DatasetRow[], samples: number): Promise<void> {
  const scored = [];
  for (const [name, settings] of variants()) scored.push({ name, ...(await perArticle(rows, settings)) });
  console.log(`\n### ${title}: ${rows.length} articles\n`);
  console.log('| summarizer | ROUGE-1 | ROUGE-2 | ROUGE-L | ROUGE-Lsum | mean words |');
  console.log('|---|---|---|---|---|---|');
  for (const s of scored) {
    console.log(`| ${s.name} | ${TYPES.map((t) => pct(mean(s.scores[t]))).join(' | ')} | ${s.words.toFixed(1)} |`);
  }
  const [lead3, leadBudget, ours] = scored;
  for (const [label, base] of [
    ['lead-3', lead3],
    ['lead at the same budget', leadBudget],
  ] as const) {
    console.log(`\nextractive default - ${label}, paired bootstrap (${samples} resamples, 95% interval):\n`);
    console.log(
      `| | default | ${label} | difference | 95% interval of the difference | resamples where default <= ${label} |`,
    );
    console.log('|---|---|---|---|---|---|');
    for (const t of TYPES) {
      const b = pairedBootstrap(ours.scores[t], base.scores[t], { samples, seed: 1 });
      const ci = (x: { low: number; high: number }) => `[${pct(x.low)}, ${pct(x.high)}]`;
      console.log(
        `| ${t} | ${pct(b.a.mean)} ${ci(b.a)} | ${pct(b.b.mean)} ${ci(b.b)} | ${b.difference.mean >= 0 ? '+' : ''}${pct(b.difference.mean)} | ${ci(b.difference)} | ${(100 * b.notBetter).toFixed(1)}% |`,
      );
    }
  }
}

async function timing(rows: DatasetRow[], repeat: number): Promise<void> {
  const load = () =>
    loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
  console.log(`\n### speed: CPU ms per article, best of ${repeat} passes over ${rows.length} articles\n`);
  console.log(`load average before: ${load()}\n`);
  console.log('| summarizer | CPU ms per article | ratio to the default |');
  console.log('|---|---|---|');
  const ms: number[] = [];
  for (const [, settings] of variants()) ms.push(await cpuMsPerArticle(rows, settings, repeat));
  variants().forEach(([name], i) => console.log(`| ${name} | ${ms[i].toFixed(3)} | ${(ms[i] / ms[2]).toFixed(2)}x |`));
  console.log(`\nload average after: ${load()}`);
}

async function main(): Promise<void> {
  const files = process.argv.slice(2);
  const paths = files.length > 0 ? files.map((f) => resolve(f)) : [join(ROOT, 'data', 'news', 'eval.jsonl')];
  const samples = Number(process.env.SAMPLES ?? 2000);
  const repeat = Number(process.env.REPEAT ?? 20);
  let rows: DatasetRow[] = [];
  for (const p of paths) {
    if (!existsSync(p)) throw new Error(`no such dataset: ${p}`);
    rows = rows.concat(await loadJsonlDataset(p));
  }
  rows = rows.filter((r) => typeof r.reference === 'string' && r.reference.trim() !== '');
  console.log(`${rows.length} articles with references from ${paths.join(', ')}`);
  await report('all', rows, samples);
  const collections = [...new Set(rows.map((r) => collectionOf(r.id)))].sort();
  if (collections.length > 1) {
    for (const c of collections)
      await report(
        c,
        rows.filter((r) => collectionOf(r.id) === c),
        samples,
      );
  }
  await timing(rows, repeat);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
