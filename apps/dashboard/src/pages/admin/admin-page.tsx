import { useState } from 'preact/hooks';
import { api, data, messageOf, type Schemas } from '../../api/client';
import { DataTable } from '../../components/data-table';
import { Loaded } from '../../components/status';
import { formatTime } from '../../lib/format';
import { Link } from '../../lib/router';
import { useTitle } from '../../lib/title';
import { useResource } from '../../lib/use-resource';

const SECTIONS = [
  { id: 'users', label: 'Users' },
  { id: 'tokens', label: 'Tokens' },
  { id: 'permissions', label: 'Permissions' },
  { id: 'audit', label: 'Audit log' },
];

const ROLES = ['viewer', 'developer', 'approver', 'admin'] as const;

type ResourceKind = Schemas['PermissionView']['kind'];

/** Every kind of resource a permission can be on (a Record: the type check fails when the API adds one). */
const KIND_LABELS: Record<ResourceKind, string> = {
  experiment: 'experiment (id)',
  registered_model: 'registered model (name)',
  table: 'Delta table (name)',
  dataset: 'dataset (name)',
  batch_job: 'batch job (id)',
};
const RESOURCE_KINDS = (Object.entries(KIND_LABELS) as Array<[ResourceKind, string]>).map(([kind, label]) => ({
  kind,
  label,
}));

/** Users, API tokens, permissions and the audit log (admins only; the gateway enforces it). */
export default function AdminPage({ section }: { section: string }) {
  const current = SECTIONS.find((s) => s.id === section) ?? SECTIONS[0];
  useTitle(`Admin · ${current.label}`);
  return (
    <section>
      <h1>Admin</h1>
      <nav aria-label="Admin" class="subnav">
        <ul>
          {SECTIONS.map((s) => (
            <li key={s.id}>
              <Link href={`/admin/${s.id}`} aria-current={s.id === current.id ? 'page' : undefined}>
                {s.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {current.id === 'users' && <Users />}
      {current.id === 'tokens' && <Tokens />}
      {current.id === 'permissions' && <Permissions />}
      {current.id === 'audit' && <Audit />}
    </section>
  );
}

function useAction() {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setMessage(null);
    try {
      setMessage({ ok: true, text: await work() });
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  };
  const view = message && (
    <p class={message.ok ? 'notice' : 'error-text'} role={message.ok ? 'status' : 'alert'}>
      {message.text}
    </p>
  );
  return { busy, run, view };
}

function Users() {
  const users = useResource(() => data(api.GET('/api/v1/users')), []);
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<Array<(typeof ROLES)[number]>>(['viewer']);
  const action = useAction();
  return (
    <>
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(async () => {
            await data(api.POST('/api/v1/users', { body: { name: name.trim(), roles } }));
            setName('');
            users.reload();
            return `User ${name.trim()} created. Create a token for them under Tokens.`;
          });
        }}
      >
        <h2>New user</h2>
        <label for="user-name">Name</label>
        <input id="user-name" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        <fieldset>
          <legend>Roles</legend>
          {ROLES.map((r) => (
            <label key={r} class="inline">
              <input
                type="checkbox"
                checked={roles.includes(r)}
                onChange={() => setRoles((rs) => (rs.includes(r) ? rs.filter((x) => x !== r) : [...rs, r]))}
              />{' '}
              {r}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={action.busy || roles.length === 0}>
          Create user
        </button>
        {action.view}
      </form>
      <Loaded resource={users}>
        {(u) => (
          <DataTable
            caption="Users"
            columns={[
              { key: 'name', header: 'User', sortValue: (x) => x.name, cell: (x) => x.name },
              { key: 'roles', header: 'Roles', cell: (x) => x.roles.join(', ') },
              {
                key: 'created',
                header: 'Created',
                sortValue: (x) => x.created_at,
                cell: (x) => formatTime(x.created_at),
              },
            ]}
            rows={u.users}
            rowKey={(x) => x.name}
          />
        )}
      </Loaded>
    </>
  );
}

function Tokens() {
  const tokens = useResource(() => data(api.GET('/api/v1/tokens')), []);
  const [user, setUser] = useState('');
  const [label, setLabel] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const action = useAction();
  return (
    <>
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(async () => {
            const created = await data(
              api.POST('/api/v1/tokens', {
                body: { user: user.trim(), ...(label.trim() ? { name: label.trim() } : {}) },
              }),
            );
            setSecret(created.secret);
            tokens.reload();
            return `Token created for ${user.trim()}.`;
          });
        }}
      >
        <h2>New token</h2>
        <label for="token-user">For user</label>
        <input id="token-user" required value={user} onInput={(e) => setUser(e.currentTarget.value)} />
        <label for="token-label">Label (optional)</label>
        <input id="token-label" value={label} onInput={(e) => setLabel(e.currentTarget.value)} />
        <button type="submit" disabled={action.busy}>
          Create token
        </button>
        {action.view}
        {secret && (
          <div class="notice" role="status">
            <p>Copy the token now: it is shown this once, and only its hash is kept.</p>
            <code class="secret">{secret}</code>
          </div>
        )}
      </form>
      <Loaded resource={tokens}>
        {(t) => (
          <DataTable
            caption="API tokens (never their secrets)"
            columns={[
              { key: 'user', header: 'User', sortValue: (x: Schemas['TokenView']) => x.user, cell: (x) => x.user },
              { key: 'name', header: 'Label', cell: (x) => x.name },
              {
                key: 'created',
                header: 'Created',
                sortValue: (x) => x.created_at,
                cell: (x) => formatTime(x.created_at),
              },
              { key: 'used', header: 'Last used', cell: (x) => formatTime(x.last_used_at) },
              {
                key: 'expires',
                header: 'Expires',
                cell: (x) => (x.expires_at === null ? 'never' : formatTime(x.expires_at)),
              },
              {
                key: 'state',
                header: 'State',
                cell: (x) =>
                  x.revoked_at ? (
                    <span class="chip bad">revoked {formatTime(x.revoked_at)}</span>
                  ) : (
                    <button
                      type="button"
                      class="danger"
                      onClick={() => {
                        if (!window.confirm(`Revoke ${x.user}'s token “${x.name}”? Requests with it fail at once.`))
                          return;
                        void action.run(async () => {
                          await data(api.DELETE('/api/v1/tokens/{id}', { params: { path: { id: x.id } } }));
                          tokens.reload();
                          return `Token of ${x.user} revoked.`;
                        });
                      }}
                    >
                      Revoke
                    </button>
                  ),
              },
            ]}
            rows={t.tokens}
            rowKey={(x) => x.id}
          />
        )}
      </Loaded>
    </>
  );
}

function Permissions() {
  const permissions = useResource(() => data(api.GET('/api/v1/permissions')), []);
  const [form, setForm] = useState({
    user: '',
    kind: 'experiment' as ResourceKind,
    resource_id: '',
    permission: 'READ' as 'READ' | 'EDIT' | 'MANAGE',
  });
  const action = useAction();
  return (
    <>
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(async () => {
            await data(
              api.POST('/api/v1/permissions', {
                body: { ...form, user: form.user.trim(), resource_id: form.resource_id.trim() },
              }),
            );
            permissions.reload();
            return `${form.permission} on ${form.kind} ${form.resource_id} granted to ${form.user}.`;
          });
        }}
      >
        <h2>Grant a permission</h2>
        <div class="policy-grid">
          <label>
            User
            <input required value={form.user} onInput={(e) => setForm({ ...form, user: e.currentTarget.value })} />
          </label>
          <label>
            On
            <select
              value={form.kind}
              onChange={(e) => setForm({ ...form, kind: e.currentTarget.value as typeof form.kind })}
            >
              {RESOURCE_KINDS.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {k.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Resource
            <input
              required
              value={form.resource_id}
              onInput={(e) => setForm({ ...form, resource_id: e.currentTarget.value })}
            />
          </label>
          <label>
            Permission
            <select
              value={form.permission}
              onChange={(e) => setForm({ ...form, permission: e.currentTarget.value as typeof form.permission })}
            >
              <option>READ</option>
              <option>EDIT</option>
              <option>MANAGE</option>
            </select>
          </label>
        </div>
        <button type="submit" disabled={action.busy}>
          Grant
        </button>
        {action.view}
      </form>
      <Loaded resource={permissions}>
        {(p) => (
          <DataTable
            caption="Permissions"
            columns={[
              { key: 'user', header: 'User', sortValue: (x: Schemas['PermissionView']) => x.user, cell: (x) => x.user },
              { key: 'kind', header: 'Kind', cell: (x) => x.kind.replace('_', ' ') },
              { key: 'resource', header: 'Resource', cell: (x) => x.resource_id },
              { key: 'permission', header: 'Permission', cell: (x) => x.permission },
              {
                key: 'revoke',
                header: '',
                cell: (x) => (
                  <button
                    type="button"
                    class="danger"
                    onClick={() =>
                      void action.run(async () => {
                        await data(
                          api.DELETE('/api/v1/permissions', {
                            params: { query: { user: x.user, kind: x.kind, resource_id: x.resource_id } },
                          }),
                        );
                        permissions.reload();
                        return `${x.user} no longer has ${x.permission} on ${x.resource_id}.`;
                      })
                    }
                  >
                    Revoke
                  </button>
                ),
              },
            ]}
            rows={p.permissions}
            rowKey={(x) => `${x.user}:${x.kind}:${x.resource_id}`}
          />
        )}
      </Loaded>
    </>
  );
}

function Audit() {
  const [filter, setFilter] = useState({ action: '', actor: '' });
  const [applied, setApplied] = useState(filter);
  const audit = useResource(
    () =>
      data(
        api.GET('/api/v1/audit', {
          params: {
            query: {
              max_results: 200,
              ...(applied.action ? { action: applied.action } : {}),
              ...(applied.actor ? { actor: applied.actor } : {}),
            },
          },
        }),
      ),
    [applied.action, applied.actor],
  );
  return (
    <>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied({ action: filter.action.trim(), actor: filter.actor.trim() });
        }}
      >
        <label for="audit-action">Action</label>
        <input
          id="audit-action"
          value={filter.action}
          placeholder="model.promote"
          onInput={(e) => setFilter({ ...filter, action: e.currentTarget.value })}
        />
        <label for="audit-actor">Actor</label>
        <input
          id="audit-actor"
          value={filter.actor}
          onInput={(e) => setFilter({ ...filter, actor: e.currentTarget.value })}
        />
        <button type="submit">Filter</button>
      </form>
      <Loaded resource={audit}>
        {(a) => (
          <DataTable
            caption="Audit log, newest first"
            columns={[
              { key: 'at', header: 'When', cell: (x: Schemas['AuditEntryView']) => formatTime(x.at) },
              { key: 'actor', header: 'Who', cell: (x) => x.actor },
              { key: 'action', header: 'Action', cell: (x) => <code>{x.action}</code> },
              { key: 'target', header: 'Target', cell: (x) => x.target },
              {
                key: 'details',
                header: 'Details',
                cell: (x) => <span class="wrap clip">{JSON.stringify(x.details)}</span>,
              },
            ]}
            rows={a.entries}
            rowKey={(x) => x.id}
            empty="No audit entry."
          />
        )}
      </Loaded>
    </>
  );
}
