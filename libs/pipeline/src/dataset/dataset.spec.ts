import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidParameterError, ResourceNotFoundError } from '@llmops/contract';
import { datasetDigest, loadJsonlDataset, parseJsonlDataset } from './dataset';

describe('datasets', () => {
  const rows = [
    { id: 'a', article: 'First.', reference: 'One.' },
    { id: 'b', article: 'Second.', reference: null },
  ];

  it('digests content stably: 8 hex chars, order- and content-sensitive', () => {
    expect(datasetDigest(rows)).toMatch(/^[0-9a-f]{8}$/);
    expect(datasetDigest(rows)).toBe(datasetDigest(rows.map((r) => ({ ...r }))));
    expect(datasetDigest([rows[1], rows[0]])).not.toBe(datasetDigest(rows));
    expect(datasetDigest([{ ...rows[0], reference: 'Two.' }, rows[1]])).not.toBe(datasetDigest(rows));
    // undefined and null reference are the same data
    expect(datasetDigest([{ id: 'b', article: 'Second.' }])).toBe(datasetDigest([rows[1]]));
  });

  it('loads JSON Lines with aliases and blank lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmops-dataset-'));
    try {
      const path = join(dir, 'news.jsonl');
      writeFileSync(
        path,
        '{"id": 1, "text": "Body one.", "summary": "S1"}\n\n{"id": "x", "article": "Body two.", "split": "dev"}\n',
      );
      expect(await loadJsonlDataset(path)).toEqual([
        { id: '1', article: 'Body one.', reference: 'S1' },
        { id: 'x', article: 'Body two.', reference: null },
      ]);
      await expect(loadJsonlDataset(join(dir, 'missing.jsonl'))).rejects.toBeInstanceOf(ResourceNotFoundError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the line of a bad row', () => {
    expect(() => parseJsonlDataset('{"id":"a","article":"x"}\nnot json', 'f.jsonl')).toThrow(/f\.jsonl:2/);
    expect(() => parseJsonlDataset('{"id":"a"}', 'f.jsonl')).toThrow(InvalidParameterError);
    expect(() => parseJsonlDataset('{"id":"a","article":"x"}\n{"id":"a","article":"y"}')).toThrow(
      /:2: repeats the id of line 1/,
    );
  });
});
