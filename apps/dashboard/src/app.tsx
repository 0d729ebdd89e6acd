import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, data, onUnauthenticated, token } from './api/client';
import { ErrorBox, Loading } from './components/status';
import { lazyPage } from './lib/lazy';
import { Link, matchRoute, navigate, useLocation } from './lib/router';
import { hasRole, Session, SessionContext } from './lib/session';
import { SignIn } from './pages/signin/sign-in';

const ExperimentsPage = lazyPage(() => import('./pages/experiments/experiments-page'));
const RunPage = lazyPage(() => import('./pages/run/run-page'));
const ComparePage = lazyPage(() => import('./pages/compare/compare-page'));
const ModelsPage = lazyPage(() => import('./pages/models/models-page'));
const ModelPage = lazyPage(() => import('./pages/models/model-page'));
const BatchJobsPage = lazyPage(() => import('./pages/batch/batch-jobs-page'));
const BatchJobPage = lazyPage(() => import('./pages/batch/batch-job-page'));
const TracesPage = lazyPage(() => import('./pages/traces/traces-page'));
const HealthPage = lazyPage(() => import('./pages/health/health-page'));
const AdminPage = lazyPage(() => import('./pages/admin/admin-page'));

type State =
  | { kind: 'checking' }
  | { kind: 'signed-out'; message?: string }
  | { kind: 'signed-in'; session: Omit<Session, 'signOut'> }
  | { kind: 'failed'; error: unknown };

/**
 * The app: asks the gateway who the token belongs to (with authentication off, everyone is the
 * local admin and there is no sign-in), then shows the page the URL names.
 */
export function App() {
  const [state, setState] = useState<State>({ kind: 'checking' });
  const signedIn = useRef(false);
  signedIn.current = state.kind === 'signed-in';
  const check = async (after?: { rejected: string }) => {
    try {
      const me = await data(api.GET('/api/v1/me'));
      setState({ kind: 'signed-in', session: me });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        token.set(null);
        setState({ kind: 'signed-out', message: after?.rejected });
      } else setState({ kind: 'failed', error });
    }
  };
  useEffect(() => {
    // The gateway says in the page whether it wants a token: without one there is nothing to ask.
    const wanted = document.querySelector('meta[name="llmops-authentication"]')?.getAttribute('content');
    if (wanted === 'on' && !token.get()) setState({ kind: 'signed-out' });
    else void check();
    return onUnauthenticated(() => {
      // Only a session that was working ends here; a sign-in attempt reports its own failure.
      if (!signedIn.current) return;
      signedIn.current = false;
      token.set(null);
      setState({ kind: 'signed-out', message: 'Your token is no longer accepted: sign in again.' });
    });
  }, []);

  if (state.kind === 'checking') return <Loading label="Connecting to the platform…" />;
  if (state.kind === 'failed') {
    return (
      <main id="main" class="narrow">
        <h1>LLMOps</h1>
        <ErrorBox error={state.error} retry={() => void check()} />
      </main>
    );
  }
  if (state.kind === 'signed-out') {
    return (
      <SignIn
        message={state.message}
        onToken={async (value) => {
          token.set(value);
          await check({ rejected: 'That token was not accepted (unknown, revoked or mistyped).' });
        }}
      />
    );
  }
  const session: Session = {
    ...state.session,
    signOut: () => {
      token.set(null);
      setState({ kind: 'signed-out', message: 'Signed out.' });
    },
  };
  return (
    <SessionContext.Provider value={session}>
      <Shell session={session} />
    </SessionContext.Provider>
  );
}

const NAV: Array<{ href: string; label: string; admin?: boolean }> = [
  { href: '/experiments', label: 'Experiments' },
  { href: '/models', label: 'Models' },
  { href: '/batch', label: 'Batch jobs' },
  { href: '/traces', label: 'Traces' },
  { href: '/health', label: 'Health' },
  { href: '/admin', label: 'Admin', admin: true },
];

function Shell({ session }: { session: Session }) {
  const location = useLocation();
  const section = '/' + (location.path.split('/')[1] ?? '');
  const current = section === '/runs' || section === '/compare' ? '/experiments' : section;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <Link href="/experiments" class="brand">
          LLMOps
        </Link>
        <nav aria-label="Main">
          <ul>
            {NAV.filter((n) => !n.admin || hasRole(session, 'admin')).map((n) => (
              <li key={n.href}>
                <Link href={n.href} aria-current={current === n.href ? 'page' : undefined}>
                  {n.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span title={`roles: ${session.roles.join(', ')}`}>
            {session.user} <span class="muted">({session.roles.join(', ')})</span>
          </span>
          {session.authentication === 'on' ? (
            <button type="button" class="link" onClick={session.signOut}>
              Sign out
            </button>
          ) : (
            <span class="badge" title="The gateway runs with LLMOPS_AUTH=off: every request is the local admin">
              auth off
            </span>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Page path={location.path} query={location.query} session={session} />
      </main>
    </>
  );
}

function Page({ path, query, session }: { path: string; query: URLSearchParams; session: Session }) {
  useEffect(() => {
    if (path === '/' || path === '/signin') navigate(query.get('next') ?? '/experiments', { replace: true });
    else if (path === '/admin' || path === '/admin/') navigate('/admin/users', { replace: true });
  }, [path]);
  let params: Record<string, string> | null;
  if (path === '/experiments') return <ExperimentsPage />;
  if ((params = matchRoute('/runs/:runId', path))) return <RunPage runId={params.runId} />;
  if (path === '/compare') return <ComparePage />;
  if (path === '/models') return <ModelsPage />;
  if ((params = matchRoute('/models/:name', path))) return <ModelPage name={params.name} />;
  if (path === '/batch') return <BatchJobsPage />;
  if ((params = matchRoute('/batch/:jobId', path))) return <BatchJobPage jobId={params.jobId} />;
  if (path === '/traces') return <TracesPage />;
  if ((params = matchRoute('/traces/:traceId', path))) return <TracesPage traceId={params.traceId} />;
  if (path === '/health') return <HealthPage />;
  if ((params = matchRoute('/admin/:section', path))) {
    if (!hasRole(session, 'admin')) return <NotAllowed what="The admin pages are for admins." />;
    return <AdminPage section={params.section} />;
  }
  if (path === '/' || path === '/signin' || path === '/admin' || path === '/admin/') return <Loading />;
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        Nothing lives at <code>{path}</code>. <Link href="/experiments">Go to the experiments</Link>.
      </p>
    </section>
  );
}

function NotAllowed({ what }: { what: string }) {
  return (
    <section>
      <h1>Not allowed</h1>
      <p>{what}</p>
    </section>
  );
}
