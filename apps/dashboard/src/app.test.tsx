import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from './app';
import { Answer, fakeApi } from './test/fake-api';

const unauthenticated = new Answer(401, { error_code: 'UNAUTHENTICATED', message: 'Authentication required' });

describe('signing in', () => {
  beforeEach(() => window.history.replaceState(null, '', '/models'));

  it('asks for a token when the gateway wants one, sends it as a bearer token, keeps the page asked for', async () => {
    fakeApi({
      'GET /api/v1/me': ({ authorization }) =>
        authorization === 'Bearer llmops_good'
          ? { user: 'ana', roles: ['viewer'], authentication: 'on' }
          : unauthenticated,
      'GET /api/v1/registered-models': () => ({ registered_models: [] }),
    });
    render(<App />);
    const field = await screen.findByLabelText('API token');
    fireEvent.input(field, { target: { value: 'llmops_bad' } });
    fireEvent.submit(field.closest('form')!);
    expect((await screen.findByRole('alert')).textContent).toMatch(/not accepted/);

    fireEvent.input(screen.getByLabelText('API token'), { target: { value: 'llmops_good' } });
    fireEvent.submit(screen.getByLabelText('API token').closest('form')!);
    expect(await screen.findByRole('heading', { name: 'Registered models' })).toBeTruthy();
    expect(screen.getByText(/ana/)).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Admin' })).toBeNull();
    expect(sessionStorage.getItem('llmops.token')).toBe('llmops_good');

    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByLabelText('API token')).toBeTruthy();
    expect(sessionStorage.getItem('llmops.token')).toBeNull();
  });

  it('shows the sign-in at once, asking nothing, when the page says authentication is on and there is no token', async () => {
    const meta = document.createElement('meta');
    meta.name = 'llmops-authentication';
    meta.content = 'on';
    document.head.append(meta);
    try {
      const api = fakeApi({});
      render(<App />);
      expect(await screen.findByLabelText('API token')).toBeTruthy();
      expect(api.seen).toEqual([]);
    } finally {
      meta.remove();
    }
  });

  it('has no sign-in at all when the gateway runs with authentication off', async () => {
    fakeApi({
      'GET /api/v1/me': () => ({ user: 'local', roles: ['admin'], authentication: 'off' }),
      'GET /api/v1/registered-models': () => ({ registered_models: [] }),
    });
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Registered models' })).toBeTruthy();
    expect(screen.queryByLabelText('API token')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
    expect(screen.getByText('auth off')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Admin' })).toBeTruthy();
  });

  it('goes back to the sign-in when a token stops working mid-session', async () => {
    sessionStorage.setItem('llmops.token', 'llmops_revoked_soon');
    let revoked = false;
    fakeApi({
      'GET /api/v1/me': () => ({ user: 'ana', roles: ['viewer'], authentication: 'on' }),
      'GET /api/v1/registered-models': () => (revoked ? unauthenticated : { registered_models: [] }),
    });
    render(<App />);
    await screen.findByRole('heading', { name: 'Registered models' });
    revoked = true;
    fireEvent.click(screen.getByRole('link', { name: 'Experiments' }));
    fireEvent.click(screen.getByRole('link', { name: 'Models' }));
    await waitFor(() => expect(screen.getByLabelText('API token')).toBeTruthy());
    expect(screen.getByRole('alert').textContent).toMatch(/no longer accepted/);
  });
});
