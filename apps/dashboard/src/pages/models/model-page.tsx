import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { api, data, messageOf, type Schemas } from '../../api/client';
import { DataTable } from '../../components/data-table';
import { Loaded } from '../../components/status';
import { formatTime } from '../../lib/format';
import { Link, seg, setQuery, useLocation } from '../../lib/router';
import { useTitle } from '../../lib/title';
import { useResource } from '../../lib/use-resource';
import { Timeline } from './timeline';
import { gateDecisionOf, timelineOf } from './timeline-model';
import { VersionPanel } from './version-panel';

type Version = Schemas['ModelVersionView'];
type Entry = Schemas['HistoryEntryView'];

/** One registered model: versions, who held each stage and alias when, and each version's evidence. */
export default function ModelPage({ name }: { name: string }) {
  useTitle(`Model ${name}`);
  const all = useResource(async () => {
    const path = { params: { path: { name } } };
    const [model, versions, history] = await Promise.all([
      data(api.GET('/api/v1/registered-models/{name}', path)),
      data(
        api.GET('/api/v1/registered-models/{name}/versions', {
          params: { path: { name }, query: { max_results: 1000 } },
        }),
      ),
      data(api.GET('/api/v1/registered-models/{name}/history', path)),
    ]);
    return {
      model: model.registered_model,
      versions: [...versions.model_versions].sort((a, b) => Number(b.version) - Number(a.version)),
      history: 'entries' in history ? history.entries : [],
    };
  }, [name]);
  return (
    <section>
      <nav aria-label="Breadcrumb" class="crumbs">
        <Link href="/models">Models</Link> / <span aria-current="page">{name}</span>
      </nav>
      <Loaded resource={all} label="Loading the model…">
        {(m) => <ModelView {...m} reload={all.reload} />}
      </Loaded>
    </section>
  );
}

function ModelView(props: {
  model: Schemas['RegisteredModelView'];
  versions: Version[];
  history: Entry[];
  reload: () => void;
}) {
  const { model, versions, history } = props;
  const { query } = useLocation();
  const production = versions.filter((v) => v.current_stage === 'Production');
  const selected =
    versions.find((v) => v.version === query.get('version')) ?? production[0] ?? versions[0] ?? undefined;
  const timeline = useMemo(() => timelineOf(history), [history]);
  const now = Date.now();
  const pick = (version: string) => setQuery({ version });
  return (
    <>
      <h1>{model.name}</h1>
      {model.description && <p class="lead">{model.description}</p>}
      <p>
        Production:{' '}
        {production.length ? production.map((v) => <strong key={v.version}>v{v.version} </strong>) : <em>none</em>}
        {model.aliases.map((a) => (
          <span key={a.alias} class="chip">
            @{a.alias} → v{a.version}
          </span>
        ))}
      </p>

      <h2>Versions</h2>
      <DataTable
        caption={`Versions of ${model.name}`}
        columns={[
          {
            key: 'version',
            header: 'Version',
            numeric: true,
            sortValue: (v: Version) => Number(v.version),
            cell: (v: Version) => (
              <button
                type="button"
                class="link"
                aria-pressed={selected?.version === v.version}
                aria-label={`Show version ${v.version}`}
                onClick={() => pick(v.version)}
              >
                v{v.version}
              </button>
            ),
          },
          {
            key: 'stage',
            header: 'Stage',
            sortValue: (v: Version) => v.current_stage,
            cell: (v: Version) => <span class={`chip stage-${v.current_stage.toLowerCase()}`}>{v.current_stage}</span>,
          },
          {
            key: 'aliases',
            header: 'Aliases',
            cell: (v: Version) =>
              v.aliases.map((a) => (
                <span key={a} class="chip">
                  @{a}
                </span>
              )),
          },
          {
            key: 'created',
            header: 'Registered',
            sortValue: (v: Version) => v.creation_timestamp,
            cell: (v: Version) => formatTime(v.creation_timestamp),
          },
          { key: 'user', header: 'By', cell: (v: Version) => v.user_id || '—' },
          {
            key: 'run',
            header: 'Run',
            cell: (v: Version) =>
              v.run_id ? <Link href={`/runs/${seg(v.run_id)}`}>{v.run_id.slice(0, 8)}</Link> : '—',
          },
          { key: 'gate', header: 'Gate', cell: (v: Version) => <GateSummary version={v.version} history={history} /> },
        ]}
        rows={versions}
        rowKey={(v) => v.version}
        rowClass={(v) => (v.version === selected?.version ? 'selected' : undefined)}
        empty="No versions registered."
      />

      <h2>Stage and alias history</h2>
      {timeline.from === null ? (
        <p class="muted">No stage transition or alias move yet.</p>
      ) : (
        <>
          <AtDate
            name={model.name}
            aliases={timeline.lanes.filter((l) => l.id.startsWith('alias:')).map((l) => l.id.slice(6))}
          >
            {(marker) => (
              <Timeline
                lanes={timeline.lanes}
                segments={timeline.segments}
                from={timeline.from!}
                to={now}
                marker={marker}
                onPick={pick}
              />
            )}
          </AtDate>
          <details>
            <summary>Every transition ({history.length})</summary>
            <HistoryTable history={history} />
          </details>
        </>
      )}

      {selected && (
        <VersionPanel
          key={selected.version}
          model={model}
          version={selected}
          versions={versions}
          history={history}
          onChanged={props.reload}
        />
      )}
    </>
  );
}

function GateSummary({ version, history }: { version: string; history: Entry[] }) {
  const decided = history.filter((e) => e.version === version && gateDecisionOf(e) !== null).at(-1);
  if (!decided) return <span class="muted">—</span>;
  const decision = gateDecisionOf(decided)!;
  if (decision.overridden) return <span class="chip warn">overridden</span>;
  return decision.passed ? <span class="chip ok">passed</span> : <span class="chip bad">failed</span>;
}

/** "What was in Production on date X": the registry answers; the timeline marks the moment. */
function AtDate(props: { name: string; aliases: string[]; children: (marker: number | null) => ComponentChildren }) {
  const [when, setWhen] = useState('');
  const [lane, setLane] = useState('stage:Production');
  const [answer, setAnswer] = useState<{ text: string; at: number } | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const ask = async () => {
    setError(undefined);
    const at = new Date(when).getTime();
    if (!Number.isFinite(at)) return;
    try {
      const isStage = lane.startsWith('stage:');
      const result = await data(
        api.GET('/api/v1/registered-models/{name}/history', {
          params: {
            path: { name: props.name },
            query: {
              at: new Date(at).toISOString(),
              ...(isStage ? { stage: lane.slice(6) } : { alias: lane.slice(6) }),
            },
          },
        }),
      );
      const held = 'versions' in result ? result : null;
      const what = isStage ? lane.slice(6) : `@${lane.slice(6)}`;
      const versions = held ? (held.versions.length ? held.versions : held.version ? [held.version] : []) : [];
      setAnswer({
        at,
        text: versions.length
          ? `On ${formatTime(at)}, ${what} held ${versions.map((v) => `v${v}`).join(', ')}.`
          : `On ${formatTime(at)}, nothing was in ${what}.`,
      });
    } catch (e) {
      setAnswer(null);
      setError(e);
    }
  };
  return (
    <>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void ask();
        }}
      >
        <label for="at-lane">What held</label>
        <select id="at-lane" value={lane} onChange={(e) => setLane(e.currentTarget.value)}>
          <option value="stage:Production">Production</option>
          <option value="stage:Staging">Staging</option>
          {props.aliases.map((a) => (
            <option key={a} value={`alias:${a}`}>
              @{a}
            </option>
          ))}
        </select>
        <label for="at-when">on</label>
        <input
          id="at-when"
          type="datetime-local"
          step={1}
          required
          value={when}
          onInput={(e) => setWhen(e.currentTarget.value)}
        />
        <button type="submit">Ask the registry</button>
      </form>
      {answer && (
        <p class="answer" role="status">
          {answer.text}
        </p>
      )}
      {error !== undefined && <p class="error-text">{messageOf(error)}</p>}
      {props.children(answer?.at ?? null)}
    </>
  );
}

function HistoryTable({ history }: { history: Entry[] }) {
  const rows = [...history].reverse();
  return (
    <DataTable
      columns={[
        { key: 'when', header: 'When', cell: (e: Entry) => formatTime(e.timestamp) },
        { key: 'version', header: 'Version', cell: (e: Entry) => `v${e.version}` },
        {
          key: 'what',
          header: 'What',
          cell: (e: Entry) =>
            e.action === 'stage_transition'
              ? `${e.from_stage ?? 'None'} → ${e.to_stage}`
              : e.action === 'alias_set'
                ? `@${e.alias} set${e.previous_version ? ` (was v${e.previous_version})` : ''}`
                : e.action === 'alias_deleted'
                  ? `@${e.alias} removed`
                  : 'version deleted',
        },
        { key: 'who', header: 'Who', cell: (e: Entry) => e.user_id },
        {
          key: 'why',
          header: 'Reason',
          cell: (e: Entry) => (
            <span class="wrap">
              {e.override && <span class="chip warn">gate overridden</span>} {e.reason ?? ''}
            </span>
          ),
        },
      ]}
      rows={rows}
      rowKey={(e) => e.id}
    />
  );
}
