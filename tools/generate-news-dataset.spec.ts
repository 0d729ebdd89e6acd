import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import {
  buildRows,
  CSV_COLUMNS,
  NewsRow,
  readJsonl,
  ScaledRow,
  scaledRows,
  SourceRow,
  SPLITS,
  splitHeadline,
  splitOf,
  writeScaled,
} from './generate-news-dataset';

const REPO = path.resolve(__dirname, '..');
const NEWS = path.join(REPO, 'data', 'news');

function baseRows(n: number): NewsRow[] {
  const source: SourceRow[] = Array.from({ length: n }, (_, i) => ({
    id: `wikinews-gum-doc${i}`,
    article: `Article ${i}, with "quotes", commas\nand a newline.`,
    reference: `Summary ${i}.`,
  }));
  return buildRows(source, {});
}

/** A sink with a tiny buffer, so that writeScaled has to wait for 'drain'. */
function memorySink(): { sink: Writable; text: () => string } {
  const chunks: string[] = [];
  const sink = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      setImmediate(done);
    },
  });
  return { sink, text: () => chunks.join('') };
}

describe('splitHeadline', () => {
  it('separates the MEANTIME headline and date from the body', () => {
    expect(splitHeadline('Boeing unveils long-range 777 February 17, 2005 Boeing has unveiled a new 777.')).toEqual({
      title: 'Boeing unveils long-range 777',
      date: '2005-02-17',
      body: 'Boeing has unveiled a new 777.',
    });
  });

  it('drops image-markup residue at the start of the body', () => {
    expect(splitHeadline('Airbus announces job cuts of 10,000 February 28, 2007 150px Airbus, Europe...').body).toBe(
      'Airbus, Europe...',
    );
  });

  it('leaves an article alone when the date sits inside a long first sentence', () => {
    const article =
      'The Beatles company has filed a lawsuit against computer maker Apple Computer in a London court this week, the third such lawsuit in a long running trademark dispute between the two companies, which agreed on September 21, 2004 to use the UK court.';
    expect(splitHeadline(article)).toEqual({ body: article });
  });
});

describe('buildRows', () => {
  const source: SourceRow[] = [
    { id: 'wikinews-meantime-1', article: 'Headline here today March 01, 2008 Body text.', reference: null },
    { id: 'wikinews-gum-x', article: 'Body of a GUM article.', reference: 'GUM summary.' },
  ];

  it('gives every article a reference and marks where it came from', () => {
    const rows = buildRows(source, { 'wikinews-meantime-1': 'Our summary.' });
    expect(rows[0]).toMatchObject({
      id: 'wikinews-meantime-1',
      title: 'Headline here today',
      date: '2008-03-01',
      article: 'Body text.',
      reference: 'Our summary.',
      reference_source: 'project-written',
      source: 'wikinews-meantime',
      license: 'CC BY 2.5',
      split: splitOf('wikinews-meantime-1'),
    });
    expect(rows[1]).toMatchObject({ reference: 'GUM summary.', reference_source: 'gum', source: 'wikinews-gum' });
    expect(rows[1].reference_license).toContain('CC BY 4.0');
    expect(rows[1]).not.toHaveProperty('title');
  });

  it('refuses an article without a reference, a double reference and a reference for an unknown id', () => {
    expect(() => buildRows(source, {})).toThrow('wikinews-meantime-1 has no reference');
    expect(() => buildRows(source, { 'wikinews-meantime-1': 'a', 'wikinews-gum-x': 'b' })).toThrow('GUM reference');
    expect(() => buildRows(source, { 'wikinews-meantime-1': 'a', 'wikinews-meantime-9': 'b' })).toThrow(
      'unknown ids: wikinews-meantime-9',
    );
  });
});

describe('scaledRows', () => {
  const base = baseRows(7);

  it('yields exactly the requested number of rows with unique <source id>#<n> ids', () => {
    const rows = [...scaledRows(base, 100, 1)];
    expect(rows).toHaveLength(100);
    expect(new Set(rows.map((r) => r.id)).size).toBe(100);
    rows.forEach((r, i) => expect(r.id).toBe(`${r.source_id}#${i + 1}`));
  });

  it('is deterministic for a seed, and the seed changes only the order', () => {
    const a = [...scaledRows(base, 50, 42)];
    expect([...scaledRows(base, 50, 42)]).toEqual(a);
    const b = [...scaledRows(base, 50, 43)];
    expect(b.map((r) => r.source_id)).not.toEqual(a.map((r) => r.source_id));
    expect(new Set(b.map((r) => r.source_id))).toEqual(new Set(a.map((r) => r.source_id)));
  });

  it('repeats the shipped text unchanged and uses every article once per pass', () => {
    const rows = [...scaledRows(base, 21, 5)];
    for (let pass = 0; pass < 3; pass++) {
      const ids = rows.slice(pass * 7, pass * 7 + 7).map((r) => r.source_id);
      expect(new Set(ids).size).toBe(7);
    }
    const byId = new Map(base.map((r) => [r.id, r]));
    for (const r of rows) {
      expect(r.article).toBe(byId.get(r.source_id)?.article);
      expect(r.reference).toBe(byId.get(r.source_id)?.reference);
    }
  });
});

describe('writeScaled', () => {
  const base = baseRows(3);

  it('writes one JSON object a line through a back-pressured stream', async () => {
    const { sink, text } = memorySink();
    expect(await writeScaled(scaledRows(base, 40, 1), 'jsonl', sink)).toBe(40);
    const lines = text().trimEnd().split('\n');
    expect(lines).toHaveLength(40);
    expect((JSON.parse(lines[39]) as ScaledRow).id).toMatch(/#40$/);
  });

  it('writes CSV with a header and quotes fields holding quotes, commas and newlines', async () => {
    const { sink, text } = memorySink();
    expect(await writeScaled(scaledRows(base, 2, 1), 'csv', sink)).toBe(2);
    const out = text();
    expect(out.startsWith(CSV_COLUMNS.map((c) => `"${c}"`).join(',') + '\r\n')).toBe(true);
    expect(out).toContain('"Article 0, with ""quotes"", commas\nand a newline."');
    expect(out.split('\r\n').filter(Boolean)).toHaveLength(3);
  });
});

describe('the shipped dataset (data/news)', () => {
  const rows = readJsonl<NewsRow>(path.join(NEWS, 'wikinews.jsonl'));
  const projectRefs = JSON.parse(readFileSync(path.join(NEWS, 'references.project-written.json'), 'utf8')) as Record<
    string,
    string
  >;

  it('has 144 unique articles, each with a reference', () => {
    expect(rows).toHaveLength(144);
    expect(new Set(rows.map((r) => r.id)).size).toBe(144);
    for (const r of rows) {
      expect(r.article.length).toBeGreaterThan(200);
      expect(r.reference.length).toBeGreaterThan(50);
      expect(r.license).toBe('CC BY 2.5');
      expect(r.attribution).toContain('Wikinews, the free news source');
    }
  });

  it('marks 121 references as project-written (the ones in the references file) and 23 as GUM', () => {
    const written = rows.filter((r) => r.reference_source === 'project-written');
    expect(written).toHaveLength(121);
    expect(rows.filter((r) => r.reference_source === 'gum')).toHaveLength(23);
    expect(new Set(written.map((r) => r.id))).toEqual(new Set(Object.keys(projectRefs)));
    for (const r of written) {
      expect(r.reference).toBe(projectRefs[r.id]);
      const words = r.reference.split(/\s+/).length;
      expect(words).toBeGreaterThanOrEqual(25);
      expect(words).toBeLessThanOrEqual(60);
    }
  });

  it('assigns splits by the id hash, with a held-out eval set of at least 100', () => {
    for (const r of rows) expect(r.split).toBe(splitOf(r.id));
    const count = (s: string) => rows.filter((r) => r.split === s).length;
    expect(count('eval')).toBeGreaterThanOrEqual(100);
    expect(count('dev')).toBe(16);
    expect(count('prod')).toBe(24);
  });

  it('ships split files holding exactly the rows of their split', () => {
    for (const split of SPLITS) {
      expect(readJsonl<NewsRow>(path.join(NEWS, `${split}.jsonl`))).toEqual(rows.filter((r) => r.split === split));
    }
  });
});

describe('the command line', () => {
  it('writes the requested rows to a file, the same bytes for the same seed', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'news-gen-'));
    const run = (out: string) =>
      spawnSync(
        process.execPath,
        [
          path.join(REPO, 'tools/run.js'),
          path.join(REPO, 'tools/generate-news-dataset.ts'),
          '--rows',
          '300',
          '--out',
          out,
        ],
        { encoding: 'utf8' },
      );
    const first = run(path.join(dir, 'a.jsonl'));
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(run(path.join(dir, 'b.jsonl')).status).toBe(0);
    const a = readFileSync(path.join(dir, 'a.jsonl'), 'utf8');
    expect(a).toBe(readFileSync(path.join(dir, 'b.jsonl'), 'utf8'));
    const ids = a
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as ScaledRow).id);
    expect(ids).toHaveLength(300);
    expect(new Set(ids).size).toBe(300);
  });
});
