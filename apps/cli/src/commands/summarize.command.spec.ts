import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { ErrorCode, LlmopsError } from '@llmops/contract';
import { createSummarizer } from '@llmops/pipeline';
import { summarizeFile } from './summarize.command';

const FIXTURE = join(__dirname, '..', '..', '..', '..', 'libs', 'pipeline', 'test-fixtures', 'tiny-random-t5');
const ARTICLE_A =
  'The city council approved the new budget on Monday. It raises spending on schools by ten percent. ' +
  'Critics said the plan ignores roads. The mayor called it a fair compromise.';
const ARTICLE_B = 'Heavy rain flooded the valley overnight. Hundreds of homes were evacuated. No one was hurt.';

describe('llmops summarize (offline)', () => {
  let dir: string;
  let file: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'llmops-cli-summarize-'));
    file = join(dir, 'in.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ id: 'a', article: ARTICLE_A }),
        '',
        JSON.stringify({ id: 'b', article: ARTICLE_B }),
        JSON.stringify({ id: 'c', article: '   ' }),
      ].join('\n'),
    );
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function run(model: string, settings?: Record<string, string | number | boolean>) {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const result = await summarizeFile({ model, file, settings, out });
    const lines = Buffer.concat(chunks)
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; summary: string | null; error?: string });
    return { result, lines };
  }

  it('writes one {"id","summary"} line per input line with the extractive baseline', async () => {
    const { result, lines } = await run('extractive', { maxSentences: 1 });
    const reference = await createSummarizer({ flavor: 'extractive', settings: { maxSentences: 1 } });
    const expected = await reference.summarize([ARTICLE_A, ARTICLE_B]);
    expect(lines).toEqual([
      { id: 'a', summary: expected[0].summary },
      { id: 'b', summary: expected[1].summary },
      { id: 'c', summary: null, error: 'article is empty' },
    ]);
    expect(result).toEqual({ summarized: 2, failed: 1 });
  });

  it('runs a transformers.js model folder (the tiny random T5 fixture)', async () => {
    const { lines } = await run(FIXTURE, { maxNewTokens: 8 });
    expect(lines.map((l) => l.id)).toEqual(['a', 'b', 'c']);
    expect(typeof lines[0].summary).toBe('string');
    expect(typeof lines[1].summary).toBe('string');
  });

  it('refuses a model path that is not there', async () => {
    const error = (await run(join(dir, 'missing')).catch((e: unknown) => e)) as LlmopsError;
    expect(error.code).toBe(ErrorCode.RESOURCE_DOES_NOT_EXIST);
  });
});
