/**
 * ROUGE of the extractive flavor (TextRank) against Lead-3 on a JSONL dataset with references.
 *   node tools/run.js tools/bench-extractive.ts [data/news/*.jsonl ...]   (default: the GUM Wikinews rows)
 * Options through env: SETTINGS='{"positionWeight":0.5}' to try other settings.
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { corpusRouge, createSummarizer, loadJsonlDataset, DatasetRow, ExtractiveSettings } from '@llmops/pipeline';

async function main(): Promise<void> {
  const files = process.argv.slice(2);
  const paths = files.length > 0 ? files : ['/work/shared/data/wikinews_open.jsonl'];
  let rows: DatasetRow[] = [];
  for (const p of paths) {
    if (!existsSync(p)) throw new Error(`no such dataset: ${p}`);
    rows = rows.concat(await loadJsonlDataset(p));
  }
  rows = rows.filter((r) => typeof r.reference === 'string' && r.reference.trim() !== '');
  const extra = JSON.parse(process.env.SETTINGS ?? '{}') as Partial<ExtractiveSettings>;
  const variants: Array<[string, Partial<ExtractiveSettings>]> = [
    ['lead-3 (first 3 sentences)', { method: 'lead', maxSentences: 3, maxWords: 0 }],
    ['lead, same budget as ours (3 sentences, 65 words)', { method: 'lead', maxSentences: 3, maxWords: 65 }],
    ['textrank (defaults)', { method: 'textrank' }],
  ];
  if (Object.keys(extra).length > 0)
    variants.push([`textrank ${JSON.stringify(extra)}`, { method: 'textrank', ...extra }]);
  console.log(`${rows.length} articles with references from ${paths.join(', ')}`);
  console.log('| summarizer | ROUGE-1 | ROUGE-2 | ROUGE-L | ROUGE-Lsum | mean words |');
  console.log('|---|---|---|---|---|---|');
  for (const [name, settings] of variants) {
    const summarizer = await createSummarizer({ flavor: 'extractive', settings });
    const results = await summarizer.summarize(rows.map((r) => r.article));
    const rouge = corpusRouge(
      results.map((r, i) => ({ prediction: r.summary, reference: rows[i].reference as string })),
      { splitSummaries: true },
    );
    const words = results.reduce((a, r) => a + r.tokensOut, 0) / results.length;
    const f = (x: number) => (100 * x).toFixed(2);
    console.log(
      `| ${name} | ${f(rouge.rouge1)} | ${f(rouge.rouge2)} | ${f(rouge.rougeL)} | ${f(rouge.rougeLsum)} | ${words.toFixed(1)} |`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
