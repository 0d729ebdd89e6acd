import { DATASET_CONTEXT_TAG, fromWireDouble, type FileInfoView, type RunView } from '@llmops/contract';
import { formatFields, formatTable, formatTime } from '../../output/table';

/** Metric columns shown in `runs list` (the rest are in --json and `runs show`). */
const MAX_METRIC_COLUMNS = 6;

export function formatRunsList(runs: RunView[]): string {
  if (runs.length === 0) return '(no runs)';
  const metricKeys = [...new Set(runs.flatMap((r) => r.data.metrics.map((m) => m.key)))].sort();
  const shown = metricKeys.slice(0, MAX_METRIC_COLUMNS);
  const table = formatTable(
    ['RUN ID', 'NAME', 'STATUS', 'STARTED', ...shown],
    runs.map((r) => {
      const metrics = new Map(r.data.metrics.map((m) => [m.key, fromWireDouble(m.value)]));
      return [
        r.info.run_id,
        r.info.run_name,
        r.info.status,
        formatTime(r.info.start_time),
        ...shown.map((k) => metrics.get(k)),
      ];
    }),
    { maxCellWidth: 40 },
  );
  const hidden = metricKeys.length - shown.length;
  return hidden > 0 ? `${table}\n(${hidden} more metric(s): use runs show or --json)` : table;
}

export interface RunDetails {
  run: RunView;
  artifacts: { root_uri: string; files: FileInfoView[] };
}

/** Everything `runs show` prints: info, params, latest metrics, tags, datasets, artifact root. */
export function formatRunDetails({ run, artifacts }: RunDetails): string {
  const { info, data, inputs } = run;
  const section = (title: string, body: string) => `\n${title}\n${body}`;
  const none = '(none)';
  const out = [
    formatFields([
      ['run_id', info.run_id],
      ['name', info.run_name],
      ['experiment_id', info.experiment_id],
      ['status', info.status],
      ['user', info.user_id],
      ['started', formatTime(info.start_time)],
      ['ended', formatTime(info.end_time)],
      ['artifact_uri', info.artifact_uri],
      ['lifecycle', info.lifecycle_stage],
    ]),
  ];
  const byKey = <T extends { key: string }>(xs: T[]) => [...xs].sort((a, b) => a.key.localeCompare(b.key));
  out.push(
    section(
      'PARAMS',
      data.params.length
        ? formatTable(
            ['KEY', 'VALUE'],
            byKey(data.params).map((p) => [p.key, p.value]),
            { maxCellWidth: 80 },
          )
        : none,
    ),
  );
  out.push(
    section(
      'METRICS (latest)',
      data.metrics.length
        ? formatTable(
            ['KEY', 'VALUE', 'STEP', 'LOGGED'],
            byKey(data.metrics).map((m) => [m.key, fromWireDouble(m.value), m.step, formatTime(m.timestamp)]),
          )
        : none,
    ),
  );
  out.push(
    section(
      'TAGS',
      data.tags.length
        ? formatTable(
            ['KEY', 'VALUE'],
            byKey(data.tags).map((t) => [t.key, t.value]),
            { maxCellWidth: 80 },
          )
        : none,
    ),
  );
  const datasets = inputs?.dataset_inputs ?? [];
  out.push(
    section(
      'DATASETS',
      datasets.length
        ? formatTable(
            ['NAME', 'DIGEST', 'CONTEXT', 'SOURCE'],
            datasets.map((d) => [
              d.dataset.name,
              d.dataset.digest,
              d.tags.find((t) => t.key === DATASET_CONTEXT_TAG)?.value,
              d.dataset.source,
            ]),
            { maxCellWidth: 60 },
          )
        : none,
    ),
  );
  out.push(
    section(
      `ARTIFACTS (${artifacts.root_uri})`,
      artifacts.files.length
        ? formatTable(
            ['PATH', 'TYPE', 'SIZE'],
            artifacts.files.map((f) => [f.path, f.is_dir ? 'dir' : 'file', f.is_dir ? undefined : f.file_size]),
          )
        : none,
    ),
  );
  return out.join('\n');
}
