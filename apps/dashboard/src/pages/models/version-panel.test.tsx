import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { Schemas } from '../../api/client';
import { Role, SessionContext } from '../../lib/session';
import { Answer, fakeApi } from '../../test/fake-api';
import { gateDecision, run, transition, version } from '../../test/fixtures';
import { VersionPanel } from './version-panel';

const model: Schemas['RegisteredModelView'] = {
  name: 'news',
  creation_timestamp: 1,
  last_updated_timestamp: 1,
  user_id: 'ana',
  description: '',
  latest_versions: [],
  tags: [],
  aliases: [],
};
const versions = [version('1', 'Archived'), version('2', 'Production'), version('3', 'Staging')];
const history = [
  transition('h1', '1', 'Staging', 'Production', 100, { policy: { min_rouge_l: 0.2, max_failure_rate: 0.05 } }),
  transition('h2', '2', 'Staging', 'Production', 200, { passed: true }),
  transition('h3', '1', 'Production', 'Archived', 200),
];
const evaluation = run('eval-3', 'news-v3-evaluation', { rougeL: 0.31, rouge1: 0.4, failure_rate: 0, articles: 12 });

function world(verdict: Schemas['GateDecisionView'], stored: Schemas['GatePolicyResponse'] | null = null) {
  return fakeApi({
    'GET /api/v1/registered-models/:name/gate-policy': () =>
      stored ?? { name: 'news', policy: null, source: 'none', user_id: null, updated_at: null },
    'GET /api/v1/experiments/by-name/:name': () => ({
      experiment: {
        experiment_id: '7',
        name: 'news-evaluation',
        artifact_location: '',
        lifecycle_stage: 'active',
        creation_time: 1,
        last_update_time: 1,
        tags: [],
      },
    }),
    'POST /api/v1/runs/search': () => ({ runs: [evaluation] }),
    'GET /api/v1/runs/:runId/predictions': () => ({ predictions: [] }),
    'POST /api/v1/registered-models/:name/versions/:version/stage': ({ body }) => {
      const b = body as { dry_run?: boolean; stage: string };
      if (b.stage === 'Production' && !b.dry_run && !('override_reason' in b) && !verdict.passed) {
        return new Answer(400, { error_code: 'INVALID_STATE', message: 'refused' });
      }
      return { model_version: versions[2], gate_decision: verdict, dry_run: Boolean(b.dry_run), archived_versions: [] };
    },
  });
}

function show(roles: Role[], v: Schemas['ModelVersionView'], onChanged = vi.fn()) {
  render(
    <SessionContext.Provider value={{ user: 'u', roles, authentication: 'on', signOut: () => undefined }}>
      <VersionPanel model={model} version={v} versions={versions} history={history} onChanged={onChanged} />
    </SessionContext.Provider>,
  );
  return onChanged;
}

const stageCalls = (api: ReturnType<typeof world>) =>
  api.seen
    .filter((s) => s.path.endsWith('/stage'))
    .map((s) => ({ path: s.path, body: s.body as Record<string, unknown> }));

describe("a version's panel", () => {
  it('shows a viewer the evaluation and the recorded verdicts, and no button that changes anything', async () => {
    world(gateDecision());
    show(['viewer'], versions[1]);
    expect(await screen.findByText('0.31')).toBeTruthy();
    expect(screen.getByText('gate passed')).toBeTruthy();
    expect(screen.getAllByText(/ROUGE-L at least/).length).toBeGreaterThan(0);
    for (const name of [/Promote/, /Roll back/, /Staging/, /Archive/])
      expect(screen.queryByRole('button', { name })).toBeNull();
  });

  it('lets a developer stage and archive, not promote nor touch Production', async () => {
    world(gateDecision());
    show(['developer'], versions[0]);
    await screen.findByText('0.31');
    expect(screen.getByRole('button', { name: 'Move to Staging…' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Promote/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Archive…' })).toBeNull(); // already archived
  });

  it('leaves archiving and rolling back Production to approvers', async () => {
    world(gateDecision());
    show(['developer'], versions[1]);
    await screen.findByText('0.31');
    expect(screen.queryByRole('button', { name: 'Archive…' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Roll back/ })).toBeNull();
  });

  it('promotes as an approver: the gate is checked first, each check shown, then the promotion with the reason', async () => {
    const api = world(gateDecision({ passed: true }));
    const onChanged = show(['approver'], versions[2]);
    await screen.findByText('0.31');
    fireEvent.click(screen.getByRole('button', { name: 'Promote to Production…' }));
    const dialog = screen.getByRole('dialog');
    // The policy the last promotion used is offered.
    expect((within(dialog).getByLabelText('Minimum ROUGE-L') as HTMLInputElement).value).toBe('0.15');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Check the gate' }));
    await within(dialog).findByText('passes');
    expect(stageCalls(api)[0]).toEqual({
      path: '/api/v1/registered-models/news/versions/3/stage',
      body: { stage: 'Production', gate: { min_rouge_l: 0.15 }, evaluation_run_id: 'eval-3', dry_run: true },
    });
    const promote = within(dialog).getByRole('button', { name: 'Promote v3' }) as HTMLButtonElement;
    expect(promote.disabled).toBe(true);
    fireEvent.input(within(dialog).getByLabelText(/Reason/), { target: { value: 'beats v2 on held-out ROUGE-L' } });
    fireEvent.click(promote);
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(stageCalls(api)[1].body).toEqual({
      stage: 'Production',
      gate: { min_rouge_l: 0.15 },
      evaluation_run_id: 'eval-3',
      archive_existing_versions: true,
      reason: 'beats v2 on held-out ROUGE-L',
    });
  });

  it("shows the model's stored gate policy in the promote dialog and starts from it", async () => {
    const api = world(gateDecision({ passed: true }), {
      name: 'news',
      policy: { min_rouge_l: 0.4, max_failure_rate: 0.02 },
      source: 'model',
      user_id: 'anna',
      updated_at: 5,
    });
    show(['approver'], versions[2]);
    await screen.findByText('0.31');
    await waitFor(() => expect(api.seen.some((s) => s.path.endsWith('/gate-policy'))).toBe(true));
    fireEvent.click(screen.getByRole('button', { name: 'Promote to Production…' }));
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByText(/stored for this model by anna/)).toBeTruthy();
    expect(within(dialog).getByTestId('stored-policy').textContent).toContain('min_rouge_l 0.4, max_failure_rate 0.02');
    expect((within(dialog).getByLabelText('Minimum ROUGE-L') as HTMLInputElement).value).toBe('0.4');
    expect((within(dialog).getByLabelText('Maximum failure rate') as HTMLInputElement).value).toBe('0.02');
  });

  it('offers an override with the reason when the gate refuses', async () => {
    const refused = gateDecision({
      passed: false,
      checks: [{ check: 'min_rouge_l', passed: false, actual: 0.1, threshold: 0.15, message: 'ROUGE-L 0.1 < 0.15' }],
    });
    const api = world(refused);
    const onChanged = show(['approver'], versions[2]);
    await screen.findByText('0.31');
    fireEvent.click(screen.getByRole('button', { name: 'Promote to Production…' }));
    const dialog = screen.getByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Check the gate' }));
    await within(dialog).findByText('refuses');
    expect(within(dialog).getByText('ROUGE-L 0.1 < 0.15')).toBeTruthy();
    expect(within(dialog).queryByRole('button', { name: 'Promote v3' })).toBeNull();
    fireEvent.input(within(dialog).getByLabelText(/Reason/), { target: { value: 'hotfix, accepted risk' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Override the gate and promote' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(stageCalls(api)[1].body).toMatchObject({ stage: 'Production', override_reason: 'hotfix, accepted risk' });
  });

  it('rolls Production back to the version promoted before, as an override with the reason', async () => {
    const api = world(gateDecision());
    const onChanged = show(['approver'], versions[1]);
    await screen.findByText('0.31');
    fireEvent.click(screen.getByRole('button', { name: 'Roll back to v1…' }));
    const dialog = screen.getByRole('dialog');
    fireEvent.input(within(dialog).getByLabelText(/Reason/), { target: { value: 'v2 times out in prod' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Roll back to v1' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(stageCalls(api)[0]).toEqual({
      path: '/api/v1/registered-models/news/versions/1/stage',
      body: { stage: 'Production', archive_existing_versions: true, override_reason: 'v2 times out in prod' },
    });
  });
});
