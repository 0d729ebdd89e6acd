import { useState } from 'preact/hooks';

/**
 * Sign in with an API token (the platform has tokens, not passwords: an admin creates them, or
 * LLMOPS_ADMIN_TOKEN is the first admin's). The token stays in this tab only.
 */
export function SignIn(props: { message?: string; onToken: (token: string) => Promise<void> }) {
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <main id="main" class="signin">
      <h1>LLMOps</h1>
      <form
        aria-labelledby="signin-title"
        onSubmit={async (e) => {
          e.preventDefault();
          if (value.trim() === '') return;
          setBusy(true);
          try {
            await props.onToken(value.trim());
          } finally {
            setBusy(false);
          }
        }}
      >
        <h2 id="signin-title">Sign in</h2>
        {props.message && (
          <p class="notice" role="alert">
            {props.message}
          </p>
        )}
        <label for="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="current-password"
          autoFocus
          required
          value={value}
          onInput={(e) => setValue(e.currentTarget.value)}
        />
        <p class="hint">
          An admin creates tokens (Admin → Tokens, or <code>POST /api/v1/tokens</code>); the first admin's is{' '}
          <code>LLMOPS_ADMIN_TOKEN</code>. The token is kept in this browser tab only.
        </p>
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
