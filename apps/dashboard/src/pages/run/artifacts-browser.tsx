import { useState } from 'preact/hooks';
import { downloadArtifact, readArtifact, readArtifactHead } from '../../api/artifacts';
import { api, data, type Schemas } from '../../api/client';
import { DataTable } from '../../components/data-table';
import { ErrorBox, Loaded, Loading } from '../../components/status';
import { formatBytes } from '../../lib/format';
import { useResource } from '../../lib/use-resource';

/** Text and JSON previews read at most this much of a file. */
export const TEXT_PREVIEW_BYTES = 256 * 1024;
/** Parquet needs the whole file (its footer is at the end): larger files are only downloaded. */
export const PARQUET_PREVIEW_MAX_BYTES = 16 * 1024 * 1024;
const PARQUET_PREVIEW_ROWS = 50;

type FileInfo = Schemas['FileInfoView'];

export function previewKind(path: string): 'json' | 'text' | 'parquet' | null {
  const name = path.split('/').pop() ?? '';
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  if (ext === 'json') return 'json';
  if (ext === 'parquet') return 'parquet';
  if (
    [
      'txt',
      'md',
      'jsonl',
      'ndjson',
      'yaml',
      'yml',
      'csv',
      'tsv',
      'log',
      'py',
      'ts',
      'js',
      'toml',
      'ini',
      'cfg',
    ].includes(ext)
  ) {
    return 'text';
  }
  if (['MLmodel', 'LICENSE', 'README', 'Dockerfile'].includes(name)) return 'text';
  return null;
}

/** A run's artifacts: folders to walk into, files to preview (text, JSON, Parquet) or download. */
export function ArtifactsBrowser({ runId }: { runId: string }) {
  const [dir, setDir] = useState('');
  const [file, setFile] = useState<FileInfo | null>(null);
  const listing = useResource(
    () =>
      data(api.GET('/api/v1/runs/{runId}/artifacts', { params: { path: { runId }, query: dir ? { path: dir } : {} } })),
    [runId, dir],
  );
  const parts = dir ? dir.split('/') : [];
  return (
    <div class="artifacts">
      <nav aria-label="Artifact folder" class="crumbs">
        <button type="button" class="link" onClick={() => (setDir(''), setFile(null))}>
          artifacts
        </button>
        {parts.map((p, i) => (
          <span key={i}>
            {' / '}
            <button
              type="button"
              class="link"
              onClick={() => {
                setDir(parts.slice(0, i + 1).join('/'));
                setFile(null);
              }}
            >
              {p}
            </button>
          </span>
        ))}
      </nav>
      <div class="split">
        <div class="side wide">
          <Loaded resource={listing} label="Listing…">
            {(l) => (
              <DataTable
                columns={[
                  {
                    key: 'name',
                    header: 'Name',
                    sortValue: (f: FileInfo) => `${f.is_dir ? 0 : 1}${f.path}`,
                    cell: (f: FileInfo) => (
                      <button
                        type="button"
                        class="link"
                        aria-pressed={file?.path === f.path}
                        onClick={() => (f.is_dir ? (setDir(f.path), setFile(null)) : setFile(f))}
                      >
                        {f.is_dir ? '📁 ' : ''}
                        {f.path.split('/').pop()}
                      </button>
                    ),
                  },
                  {
                    key: 'size',
                    header: 'Size',
                    numeric: true,
                    sortValue: (f: FileInfo) => f.file_size ?? -1,
                    cell: (f: FileInfo) => (f.is_dir ? '' : formatBytes(f.file_size)),
                  },
                ]}
                rows={[...(l.files ?? [])].sort(
                  (a, b) => Number(b.is_dir) - Number(a.is_dir) || a.path.localeCompare(b.path),
                )}
                rowKey={(f) => f.path}
                empty="This folder is empty."
              />
            )}
          </Loaded>
        </div>
        <div class="main-col">
          {file ? <FilePreview runId={runId} file={file} /> : <p class="muted">Choose a file to preview it.</p>}
        </div>
      </div>
    </div>
  );
}

function FilePreview({ runId, file }: { runId: string; file: FileInfo }) {
  const kind = previewKind(file.path);
  const [downloadError, setDownloadError] = useState<unknown>(undefined);
  return (
    <div class="preview">
      <div class="toolbar">
        <h3>{file.path}</h3>
        <span class="muted">{formatBytes(file.file_size)}</span>
        <button
          type="button"
          onClick={() => downloadArtifact(runId, file.path).catch((e: unknown) => setDownloadError(e))}
        >
          Download
        </button>
      </div>
      {downloadError !== undefined && <ErrorBox error={downloadError} />}
      {kind === 'json' || kind === 'text' ? (
        <TextPreview runId={runId} path={file.path} json={kind === 'json'} />
      ) : kind === 'parquet' ? (
        (file.file_size ?? 0) > PARQUET_PREVIEW_MAX_BYTES ? (
          <p class="muted">
            This Parquet file is larger than {formatBytes(PARQUET_PREVIEW_MAX_BYTES)}: download it to read it.
          </p>
        ) : (
          <ParquetPreview runId={runId} path={file.path} />
        )
      ) : (
        <p class="muted">No preview for this kind of file.</p>
      )}
    </div>
  );
}

function TextPreview({ runId, path, json }: { runId: string; path: string; json: boolean }) {
  const text = useResource(async () => {
    const { bytes, truncated } = await readArtifactHead(runId, path, TEXT_PREVIEW_BYTES);
    let body = new TextDecoder().decode(bytes);
    if (json && !truncated) {
      try {
        body = JSON.stringify(JSON.parse(body), null, 2);
      } catch {
        // not valid JSON: shown as it is
      }
    }
    return { body, truncated };
  }, [runId, path]);
  return (
    <Loaded resource={text} label="Reading…">
      {(t) => (
        <>
          {t.truncated && <p class="notice">Showing the first {formatBytes(TEXT_PREVIEW_BYTES)} only.</p>}
          <pre class="code-block" tabIndex={0}>
            {t.body}
          </pre>
        </>
      )}
    </Loaded>
  );
}

function ParquetPreview({ runId, path }: { runId: string; path: string }) {
  const table = useResource(async () => {
    const [{ parquetMetadata, parquetReadObjects, parquetSchema }, buffer] = await Promise.all([
      import('hyparquet'),
      readArtifact(runId, path),
    ]);
    const metadata = parquetMetadata(buffer);
    const schema = parquetSchema(metadata);
    const rows = await parquetReadObjects({ file: buffer, rowEnd: PARQUET_PREVIEW_ROWS });
    return {
      totalRows: Number(metadata.num_rows),
      columns: schema.children.map((c) => ({ name: c.element.name, type: String(c.element.type ?? 'group') })),
      rows: rows as Record<string, unknown>[],
    };
  }, [runId, path]);
  if (table.loading && !table.data) return <Loading label="Reading the Parquet file…" />;
  return (
    <Loaded resource={table}>
      {(t) => (
        <>
          <p class="muted">
            {t.totalRows.toLocaleString('en-US')} rows; showing {Math.min(t.totalRows, PARQUET_PREVIEW_ROWS)}.
          </p>
          <DataTable
            columns={t.columns.map((c) => ({
              key: c.name,
              header: (
                <>
                  {c.name} <span class="muted">{c.type.toLowerCase()}</span>
                </>
              ),
              label: c.name,
              cell: (row: Record<string, unknown>) => <span class="clip">{cellText(row[c.name])}</span>,
            }))}
            rows={t.rows}
            rowKey={(row) => String(t.rows.indexOf(row))}
          />
        </>
      )}
    </Loaded>
  );
}

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  return String(value);
}
