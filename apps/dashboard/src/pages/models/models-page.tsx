import { useState } from 'preact/hooks';
import { api, data } from '../../api/client';
import { DataTable } from '../../components/data-table';
import { Loaded } from '../../components/status';
import { formatTime } from '../../lib/format';
import { Link, seg } from '../../lib/router';
import { useTitle } from '../../lib/title';
import { useResource } from '../../lib/use-resource';

/** Registered models with what each stage and alias holds now. */
export default function ModelsPage() {
  useTitle('Models');
  const [filter, setFilter] = useState('');
  const models = useResource(
    () => data(api.GET('/api/v1/registered-models', { params: { query: { max_results: 1000 } } })),
    [],
  );
  return (
    <section>
      <h1>Registered models</h1>
      <label for="model-filter">Find a model</label>
      <input
        id="model-filter"
        type="search"
        value={filter}
        onInput={(e) => setFilter(e.currentTarget.value)}
        placeholder="name contains…"
      />
      <Loaded resource={models} label="Loading models…">
        {(m) => (
          <DataTable
            caption="Registered models"
            columns={[
              {
                key: 'name',
                header: 'Model',
                sortValue: (r) => r.name,
                cell: (r) => <Link href={`/models/${seg(r.name)}`}>{r.name}</Link>,
              },
              {
                key: 'stages',
                header: 'Latest per stage',
                cell: (r) =>
                  r.latest_versions.length === 0 ? (
                    <span class="muted">no versions</span>
                  ) : (
                    r.latest_versions.map((v) => (
                      <span key={v.version} class={`chip stage-${v.current_stage.toLowerCase()}`}>
                        {v.current_stage}: v{v.version}
                      </span>
                    ))
                  ),
              },
              {
                key: 'aliases',
                header: 'Aliases',
                cell: (r) =>
                  r.aliases.map((a) => (
                    <span key={a.alias} class="chip">
                      @{a.alias} → v{a.version}
                    </span>
                  )),
              },
              {
                key: 'updated',
                header: 'Updated',
                sortValue: (r) => r.last_updated_timestamp,
                cell: (r) => formatTime(r.last_updated_timestamp),
              },
              { key: 'description', header: 'Description', cell: (r) => <span class="clip">{r.description}</span> },
            ]}
            rows={m.registered_models.filter((r) => r.name.toLowerCase().includes(filter.trim().toLowerCase()))}
            rowKey={(r) => r.name}
            empty="No registered model (yet)."
          />
        )}
      </Loaded>
    </section>
  );
}
