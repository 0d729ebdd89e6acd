import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { corpusRouge } from '@llmops/pipeline';
import { registerRougeCommand, rougeOfJsonl } from './rouge.command';

const lines = [
  { prediction: 'the cat sat on the mat', reference: 'the cat sat on the mat' },
  { prediction: 'police arrested two men', reference: 'two men were arrested by police on friday' },
];
const jsonl = lines.map((l) => JSON.stringify(l)).join('\n') + '\n\n';

describe('llmops rouge', () => {
  it('gives the corpus mean F1 of each ROUGE type', () => {
    const expected = corpusRouge(lines);
    const means = rougeOfJsonl(jsonl);
    expect(means).toEqual({
      rouge1: expected.rouge1,
      rouge2: expected.rouge2,
      rougeL: expected.rougeL,
      rougeLsum: expected.rougeLsum,
    });
    for (const v of Object.values(means)) {
      expect(v).toBeGreaterThan(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    expect(means.rouge1).toBeGreaterThan(means.rouge2);
  });

  it('names the bad line', () => {
    expect(() => rougeOfJsonl('{"prediction":"a","reference":"b"}\n{"prediction":1}', {}, 'f.jsonl')).toThrow(
      /f.jsonl:2: "prediction" must be a string/,
    );
    expect(() => rougeOfJsonl('not json', {}, 'f.jsonl')).toThrow(/f.jsonl:1: not valid JSON/);
    expect(() => rougeOfJsonl('\n', {}, 'f.jsonl')).toThrow(/no \{"prediction","reference"\} lines/);
  });

  it('prints one JSON object for a file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rouge-')), 'pairs.jsonl');
    writeFileSync(file, jsonl);
    const printed: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
    try {
      await registerRougeCommand(new Command()).parseAsync([file], { from: 'user' });
    } finally {
      log.mockRestore();
    }
    expect(printed).toHaveLength(1);
    expect(JSON.parse(printed[0])).toEqual(rougeOfJsonl(jsonl));
  });
});
