/**
 * The news dataset (data/news): builds the shipped split files from the source articles plus the
 * project-written references, and scales the dataset up for batch benchmarks.
 *
 *   node tools/run.js tools/generate-news-dataset.ts --rows 100000 --out /tmp/news-100k.jsonl \
 *     [--format jsonl|csv] [--seed 1] [--split dev|eval|prod] [--input data/news/wikinews.jsonl]
 *   node tools/run.js tools/generate-news-dataset.ts build [--source /work/shared/data/wikinews_open.jsonl]
 *
 * Scaling is plain repetition of the shipped articles under new ids (`<source id>#<n>`); the seed
 * only decides the order (one seeded shuffle per pass over the articles). No text is altered.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import { Command, InvalidArgumentError, Option } from 'commander';

export type Split = 'dev' | 'eval' | 'prod';
export const SPLITS: readonly Split[] = ['dev', 'eval', 'prod'];

/** A line of /work/shared/data/wikinews_open.jsonl. */
export interface SourceRow {
  id: string;
  article: string;
  reference: string | null;
}

/** A line of data/news/wikinews.jsonl (and of dev/eval/prod.jsonl). */
export interface NewsRow {
  id: string;
  title?: string;
  date?: string;
  article: string;
  reference: string;
  reference_source: 'gum' | 'project-written';
  reference_license: string;
  source: 'wikinews-meantime' | 'wikinews-gum';
  license: 'CC BY 2.5';
  attribution: string;
  split: Split;
}

/** A generated row: a shipped row repeated under a new id. */
export interface ScaledRow {
  id: string;
  source_id: string;
  title: string;
  article: string;
  reference: string;
  reference_source: string;
  source: string;
  license: string;
}

export const ATTRIBUTION = 'Wikinews, the free news source (https://en.wikinews.org), with the article’s contributors';

/**
 * Split boundaries on the id hash, fixed constants (not ranks) so that an article keeps its split
 * when articles are added. Chosen once to give dev 16 / prod 24 / eval 104 of the 144 articles.
 */
export const SPLIT_BOUNDS = { dev: 0.14, prod: 0.28 } as const;

/** A stable number in [0, 1) from the id: the first 32 bits of its SHA-256. */
export function idHash(id: string): number {
  return createHash('sha256').update(id).digest().readUInt32BE(0) / 2 ** 32;
}

export function splitOf(id: string): Split {
  const h = idHash(id);
  if (h < SPLIT_BOUNDS.dev) return 'dev';
  if (h < SPLIT_BOUNDS.prod) return 'prod';
  return 'eval';
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
// MEANTIME articles mostly begin "<headline> <Month DD, YYYY> <body>"; a longer "headline" means
// the date sits inside the first sentence (one article does that), so it is left alone.
const HEADLINE = new RegExp(`^([^\\n]{10,150}?) (${MONTHS.join('|')}) (\\d{1,2}), (\\d{4}) ([\\s\\S]+)$`);
// Image-markup residue that MEANTIME kept at the start of a few bodies.
const LEADING_MARKUP = /^(?:\d+px|thumb)\s+/;

/** Headline, ISO date and body of a MEANTIME article, when the text carries them. */
export function splitHeadline(article: string): { title?: string; date?: string; body: string } {
  const m = HEADLINE.exec(article);
  if (!m) return { body: article };
  const [, title, month, day, year, body] = m;
  const date = `${year}-${String(MONTHS.indexOf(month) + 1).padStart(2, '0')}-${day.padStart(2, '0')}`;
  return { title: title.trim(), date, body: body.replace(LEADING_MARKUP, '') };
}

/** The shipped rows: source articles with a reference each (GUM's or the project's). */
export function buildRows(source: readonly SourceRow[], projectRefs: Readonly<Record<string, string>>): NewsRow[] {
  const ids = new Set<string>();
  const rows = source.map((s): NewsRow => {
    if (ids.has(s.id)) throw new Error(`duplicate id ${s.id}`);
    ids.add(s.id);
    const gum = s.id.startsWith('wikinews-gum-');
    if (!gum && !s.id.startsWith('wikinews-meantime-')) throw new Error(`unknown source for ${s.id}`);
    const written = projectRefs[s.id];
    if (s.reference && written) throw new Error(`${s.id} has a GUM reference and a project-written one`);
    const reference = s.reference ?? written;
    if (!reference) throw new Error(`${s.id} has no reference`);
    const { title, date, body } = gum ? { body: s.article } : splitHeadline(s.article);
    return {
      id: s.id,
      ...(title ? { title } : {}),
      ...(date ? { date } : {}),
      article: body,
      reference: reference.trim(),
      reference_source: s.reference ? 'gum' : 'project-written',
      // GUM's summaries are CC BY 4.0; the project's are adaptations of CC BY 2.5 articles and
      // are released under the same terms.
      reference_license: s.reference ? 'CC BY 4.0 (GUM corpus)' : 'CC BY 2.5',
      source: gum ? 'wikinews-gum' : 'wikinews-meantime',
      license: 'CC BY 2.5',
      attribution: ATTRIBUTION,
      split: splitOf(s.id),
    };
  });
  const unused = Object.keys(projectRefs).filter((id) => !ids.has(id));
  if (unused.length) throw new Error(`project-written references for unknown ids: ${unused.join(', ')}`);
  return rows;
}

export function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

export function toJsonl(rows: readonly object[]): string {
  return rows.map((r) => JSON.stringify(r) + '\n').join('');
}

/** mulberry32: small, fast and good enough to shuffle benchmark input reproducibly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * `count` rows cycling through `base`, each pass in a fresh seeded order; the n-th row (from 1)
 * is `<source id>#<n>`, so ids are unique however many passes there are. Lazy: memory stays at
 * the size of `base`.
 */
export function* scaledRows(base: readonly NewsRow[], count: number, seed: number): Generator<ScaledRow> {
  if (base.length === 0) throw new Error('no base rows to scale');
  const random = seededRandom(seed);
  const order = base.map((_, i) => i);
  for (let n = 1; n <= count; ) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (let k = 0; k < order.length && n <= count; k++, n++) {
      const r = base[order[k]];
      yield {
        id: `${r.id}#${n}`,
        source_id: r.id,
        title: r.title ?? '',
        article: r.article,
        reference: r.reference,
        reference_source: r.reference_source,
        source: r.source,
        license: r.license,
      };
    }
  }
}

export const CSV_COLUMNS: readonly (keyof ScaledRow)[] = [
  'id',
  'source_id',
  'title',
  'article',
  'reference',
  'reference_source',
  'source',
  'license',
];

/** RFC 4180: every field quoted, quotes doubled; articles contain commas, quotes and newlines. */
export function csvLine(values: readonly string[]): string {
  return values.map((v) => `"${v.replace(/"/g, '""')}"`).join(',') + '\r\n';
}

export type Format = 'jsonl' | 'csv';

/** Streams the rows to `out`, waiting on back-pressure; resolves with the number written. */
export async function writeScaled(rows: Iterable<ScaledRow>, format: Format, out: Writable): Promise<number> {
  let written = 0;
  const write = async (chunk: string) => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  if (format === 'csv') await write(csvLine(CSV_COLUMNS));
  for (const r of rows) {
    await write(format === 'csv' ? csvLine(CSV_COLUMNS.map((c) => r[c])) : JSON.stringify(r) + '\n');
    written++;
  }
  return written;
}

const REPO = path.resolve(__dirname, '..');
const NEWS_DIR = path.join(REPO, 'data', 'news');
const PROJECT_REFS = path.join(NEWS_DIR, 'references.project-written.json');

/** Rewrites data/news/wikinews.jsonl and the three split files from the source. */
export function buildShippedFiles(sourceFile: string, dir = NEWS_DIR, refsFile = PROJECT_REFS): Record<Split, number> {
  const rows = buildRows(
    readJsonl<SourceRow>(sourceFile),
    JSON.parse(readFileSync(refsFile, 'utf8')) as Record<string, string>,
  );
  writeFileSync(path.join(dir, 'wikinews.jsonl'), toJsonl(rows));
  const counts = { dev: 0, eval: 0, prod: 0 };
  for (const split of SPLITS) {
    const part = rows.filter((r) => r.split === split);
    counts[split] = part.length;
    writeFileSync(path.join(dir, `${split}.jsonl`), toJsonl(part));
  }
  return counts;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('expected an integer');
  return n;
}

async function main(argv: string[]): Promise<void> {
  const program = new Command('generate-news-dataset');
  program
    .command('scale', { isDefault: true })
    .description('write N rows repeating the shipped articles under new ids (streaming)')
    .requiredOption('--rows <n>', 'number of rows', positiveInt)
    .requiredOption('--out <file>', 'output file')
    .addOption(new Option('--format <format>', 'output format').choices(['jsonl', 'csv']).default('jsonl'))
    .option('--seed <n>', 'seed of the row order', integer, 1)
    .addOption(new Option('--split <split>', 'only articles of this split (default: all)').choices([...SPLITS]))
    .option('--input <file>', 'shipped dataset to scale', path.join(NEWS_DIR, 'wikinews.jsonl'))
    .action(async (o: { rows: number; out: string; format: Format; seed: number; split?: Split; input: string }) => {
      const base = readJsonl<NewsRow>(o.input).filter((r) => !o.split || r.split === o.split);
      const out = createWriteStream(o.out);
      const written = await writeScaled(scaledRows(base, o.rows, o.seed), o.format, out);
      out.end();
      await once(out, 'finish');
      console.log(`${written} rows (${base.length} distinct articles, seed ${o.seed}) -> ${o.out}`);
    });
  program
    .command('build')
    .description('rebuild data/news/{wikinews,dev,eval,prod}.jsonl from the source articles')
    .option('--source <file>', 'source articles', '/work/shared/data/wikinews_open.jsonl')
    .action((o: { source: string }) => {
      const counts = buildShippedFiles(o.source);
      console.log(`dev ${counts.dev}, eval ${counts.eval}, prod ${counts.prod} -> ${NEWS_DIR}`);
    });
  await program.parseAsync(argv);
}

// tools/run.js requires the entry itself, so `require.main` is run.js: compare argv[1] instead.
if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  main(process.argv).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
