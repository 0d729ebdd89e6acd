import { useEffect, useState } from 'preact/hooks';
import { api, data, type Schemas } from '../../api/client';
import { DataTable } from '../../components/data-table';
import { ErrorBox, Loaded } from '../../components/status';
import { formatNumber, formatTime } from '../../lib/format';
import { useResource } from '../../lib/use-resource';

const VERSIONS_PER_PAGE = 20;
const SAMPLE_ROWS = 20;

type Version = Schemas['DeltaVersionView'];

/**
 * The job's output Delta table: its schema and size, its versions (operations, rows each added),
 * and the rows of any version (time travel), read through the gateway from the table's log.
 */
export function DeltaTablePanel({ jobId, refreshKey }: { jobId: string; refreshKey: string }) {
  const first = useResource(
    () =>
      data(
        api.GET('/api/v1/batch-jobs/{jobId}/table', {
          params: { path: { jobId }, query: { limit: VERSIONS_PER_PAGE } },
        }),
      ),
    [jobId, refreshKey],
  );
  const [older, setOlder] = useState<{ versions: Version[]; next: number | null }>({ versions: [], next: null });
  const [olderError, setOlderError] = useState<unknown>(undefined);
  const [version, setVersion] = useState<number | null>(null);
  useEffect(() => setOlder({ versions: [], next: first.data?.nextBefore ?? null }), [first.data]);

  const loadOlder = async () => {
    if (older.next === null) return;
    try {
      const page = await data(
        api.GET('/api/v1/batch-jobs/{jobId}/table', {
          params: { path: { jobId }, query: { limit: VERSIONS_PER_PAGE, before: older.next } },
        }),
      );
      setOlder((o) => ({ versions: [...o.versions, ...page.versions], next: page.nextBefore }));
    } catch (e) {
      setOlderError(e);
    }
  };

  return (
    <section aria-labelledby="table-title">
      <h2 id="table-title">Output Delta table</h2>
      <Loaded resource={first} label="Reading the table's log…">
        {(t) => {
          const versions = [...t.versions, ...older.versions];
          const shown = version ?? t.latestVersion;
          return (
            <>
              <dl class="figures">
                <div>
                  <dt>latest version</dt>
                  <dd>{t.latestVersion}</dd>
                </div>
                <div>
                  <dt>rows</dt>
                  <dd>{formatNumber(t.rows)}</dd>
                </div>
                <div>
                  <dt>data files</dt>
                  <dd>{formatNumber(t.files)}</dd>
                </div>
                <div>
                  <dt>created</dt>
                  <dd>{formatTime(t.createdTime)}</dd>
                </div>
              </dl>
              <p class="muted">
                <code class="wrap">{t.table}</code>
                {t.partitionColumns.length > 0 && <> · partitioned by {t.partitionColumns.join(', ')}</>}
              </p>
              <div class="grid-2">
                <div>
                  <h3>Versions</h3>
                  <DataTable
                    caption="Commits, newest first"
                    columns={[
                      {
                        key: 'version',
                        header: 'Version',
                        numeric: true,
                        cell: (v: Version) => (
                          <button
                            type="button"
                            class="link"
                            aria-pressed={shown === v.version}
                            aria-label={`Show rows of version ${v.version}`}
                            onClick={() => setVersion(v.version)}
                          >
                            {v.version}
                          </button>
                        ),
                      },
                      { key: 'when', header: 'When', cell: (v: Version) => formatTime(v.timestamp) },
                      { key: 'operation', header: 'Operation', cell: (v: Version) => v.operation },
                      {
                        key: 'rows',
                        header: 'Rows added',
                        numeric: true,
                        cell: (v: Version) => formatNumber(v.addedRows),
                      },
                      {
                        key: 'files',
                        header: 'Files',
                        numeric: true,
                        cell: (v: Version) => `+${v.addedFiles}${v.removedFiles ? ` −${v.removedFiles}` : ''}`,
                      },
                      {
                        key: 'by',
                        header: 'Written by',
                        cell: (v: Version) =>
                          v.batchJobId ? (
                            <span>
                              {v.batchJobId === jobId ? 'this job' : `job ${v.batchJobId.slice(0, 8)}`}
                              {v.partition !== null ? `, partition ${v.partition}` : ''}
                            </span>
                          ) : (
                            '—'
                          ),
                      },
                    ]}
                    rows={versions}
                    rowKey={(v) => String(v.version)}
                    rowClass={(v) => (v.version === shown ? 'selected' : undefined)}
                  />
                  {older.next !== null && (
                    <button type="button" onClick={() => void loadOlder()}>
                      Older versions
                    </button>
                  )}
                  {olderError !== undefined && <ErrorBox error={olderError} />}
                </div>
                <div>
                  <h3>Schema</h3>
                  <DataTable
                    columns={[
                      { key: 'name', header: 'Column', cell: (c: Schemas['DeltaColumnView']) => c.name },
                      { key: 'type', header: 'Type', cell: (c: Schemas['DeltaColumnView']) => c.type },
                      {
                        key: 'notes',
                        header: '',
                        cell: (c: Schemas['DeltaColumnView']) =>
                          [c.partition ? 'partition' : '', c.nullable ? '' : 'not null'].filter(Boolean).join(', '),
                      },
                    ]}
                    rows={t.columns}
                    rowKey={(c) => c.name}
                  />
                </div>
              </div>
              <TableRows jobId={jobId} version={shown} latest={t.latestVersion} onVersion={setVersion} />
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

function TableRows(props: { jobId: string; version: number; latest: number; onVersion: (v: number) => void }) {
  const [draft, setDraft] = useState(String(props.version));
  useEffect(() => setDraft(String(props.version)), [props.version]);
  const rows = useResource(
    () =>
      data(
        api.GET('/api/v1/batch-jobs/{jobId}/table/rows', {
          params: { path: { jobId: props.jobId }, query: { version: props.version, limit: SAMPLE_ROWS } },
        }),
      ),
    [props.jobId, props.version],
  );
  return (
    <div>
      <h3>Rows at version {props.version}</h3>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          const v = Number(draft);
          if (Number.isInteger(v) && v >= 0 && v <= props.latest) props.onVersion(v);
        }}
      >
        <label for="time-travel">Time travel to version</label>
        <input
          id="time-travel"
          type="number"
          min={0}
          max={props.latest}
          step={1}
          value={draft}
          onInput={(e) => setDraft(e.currentTarget.value)}
        />
        <button type="submit">Show</button>
      </form>
      <Loaded resource={rows} label="Reading rows…">
        {(r) => (
          <>
            <p class="muted">
              Version {r.version} ({formatTime(r.timestamp)}): {formatNumber(r.totalRows)} rows in {r.files} files; the
              first {r.rows.length} below.
            </p>
            <DataTable
              columns={r.columns.map((c) => ({
                key: c.name,
                header: c.name,
                cell: (row: Record<string, unknown>) => <span class="clip">{cell(row[c.name])}</span>,
              }))}
              rows={r.rows}
              rowKey={(row) => String(r.rows.indexOf(row))}
              empty="This version has no rows."
            />
          </>
        )}
      </Loaded>
    </div>
  );
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
