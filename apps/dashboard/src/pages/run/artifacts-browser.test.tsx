import { fireEvent, render, screen } from '@testing-library/preact';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fake-api';
import { ArtifactsBrowser, previewKind, TEXT_PREVIEW_BYTES } from './artifacts-browser';

const bytes = (body: BodyInit, type = 'application/octet-stream') =>
  new Response(body, { status: 200, headers: { 'content-type': type } });

describe('the artifacts browser', () => {
  it('knows which files it previews', () => {
    expect(previewKind('model/MLmodel')).toBe('text');
    expect(previewKind('metrics.json')).toBe('json');
    expect(previewKind('predictions/predictions.jsonl')).toBe('text');
    expect(previewKind('out/part-0.parquet')).toBe('parquet');
    expect(previewKind('model/model.onnx')).toBeNull();
  });

  it('walks into folders and previews JSON pretty-printed, Parquet as a table, a long text only in part', async () => {
    const parquet = parquetWriteBuffer({
      columnData: [
        { name: 'id', data: ['a-1', 'a-2', 'a-3'] },
        { name: 'rougeL', data: [0.25, 0.5, 0.125] },
      ],
    });
    const long = 'x'.repeat(TEXT_PREVIEW_BYTES + 10_000);
    const api = fakeApi({
      'GET /api/v1/runs/:runId/artifacts': ({ query }) =>
        query.get('path') === 'out'
          ? {
              root_uri: '',
              files: [
                { path: 'out/scores.parquet', is_dir: false, file_size: parquet.byteLength },
                { path: 'out/long.log', is_dir: false, file_size: long.length },
              ],
            }
          : {
              root_uri: '',
              files: [
                { path: 'out', is_dir: true },
                { path: 'meta.json', is_dir: false, file_size: 20 },
              ],
            },
      'GET /api/v1/runs/:runId/artifacts/meta.json': () => bytes('{"a":1,"b":[2]}'),
      'GET /api/v1/runs/:runId/artifacts/out/scores.parquet': () => bytes(parquet),
      'GET /api/v1/runs/:runId/artifacts/out/long.log': () => bytes(long),
    });
    render(<ArtifactsBrowser runId="r1" />);
    fireEvent.click(await screen.findByRole('button', { name: 'meta.json' }));
    expect((await screen.findByText(/"a": 1/)).textContent).toBe('{\n  "a": 1,\n  "b": [\n    2\n  ]\n}');

    fireEvent.click(screen.getByRole('button', { name: /out$/ }));
    fireEvent.click(await screen.findByRole('button', { name: 'scores.parquet' }));
    expect(await screen.findByText('3 rows; showing 3.')).toBeTruthy();
    expect(screen.getByText('a-2')).toBeTruthy();
    expect(screen.getByText('0.125')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'long.log' }));
    expect(await screen.findByText(/Showing the first 256 KB only/)).toBeTruthy();
    expect(screen.getByText(/^x+$/).textContent!.length).toBe(TEXT_PREVIEW_BYTES);
    expect(api.seen.map((s) => s.path)).toContain('/api/v1/runs/r1/artifacts/out/scores.parquet');
  });
});
