import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fake-api';
import { run } from '../../test/fixtures';
import ExperimentsPage from './experiments-page';

const runs = [
  run('aaa', 'lead3', { rougeL: 0.24, latency_p95_ms: 2 }, { flavor: 'extractive' }),
  run('bbb', 'textrank', { rougeL: 0.25, latency_p95_ms: 20 }, { flavor: 'extractive' }),
  run('ccc', 't5', { rougeL: 0.01, latency_p95_ms: 300 }, { flavor: 'onnx-seq2seq' }),
];

function world() {
  return fakeApi({
    'GET /api/v1/experiments': () => ({
      experiments: [
        {
          experiment_id: '1',
          name: 'news-dev',
          artifact_location: '',
          lifecycle_stage: 'active',
          creation_time: 1,
          last_update_time: 1,
          tags: [],
        },
        {
          experiment_id: '2',
          name: 'news-eval',
          artifact_location: '',
          lifecycle_stage: 'active',
          creation_time: 1,
          last_update_time: 1,
          tags: [],
        },
      ],
    }),
    'POST /api/v1/runs/search': ({ body }) => {
      const filter = (body as { filter?: string }).filter;
      return { runs: filter ? runs.filter((r) => r.info.run_name !== 't5') : runs };
    },
  });
}

const searches = (api: ReturnType<typeof world>) =>
  api.seen.filter((s) => s.path === '/api/v1/runs/search').map((s) => s.body as Record<string, unknown>);

describe('the experiments and runs page', () => {
  beforeEach(() => window.history.replaceState(null, '', '/experiments'));

  it('searches every experiment, shows metrics and params as columns, filters with the MLflow grammar', async () => {
    const api = world();
    render(<ExperimentsPage />);
    expect(await screen.findByRole('link', { name: 'textrank' })).toBeTruthy();
    expect(searches(api)[0]).toMatchObject({ experiment_ids: ['1', '2'], max_results: 50 });
    expect(screen.getByRole('button', { name: 'Sort by metric rougeL' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sort by param flavor' })).toBeTruthy();
    expect(screen.getByText('0.25')).toBeTruthy();

    fireEvent.input(screen.getByLabelText(/Filter runs/), { target: { value: "params.flavor = 'extractive'" } });
    fireEvent.submit(screen.getByRole('search'));
    await waitFor(() => expect(screen.queryByRole('link', { name: 't5' })).toBeNull());
    expect(searches(api).at(-1)).toMatchObject({ filter: "params.flavor = 'extractive'" });
    expect(window.location.search).toContain('filter=');

    fireEvent.click(screen.getByRole('checkbox', { name: /news-eval/ }));
    await waitFor(() => expect(searches(api).at(-1)).toMatchObject({ experiment_ids: ['2'] }));
  });

  it('sorts on the server by the header clicked, ascending then descending', async () => {
    const api = world();
    render(<ExperimentsPage />);
    await screen.findByRole('link', { name: 'lead3' });
    fireEvent.click(screen.getByRole('button', { name: 'Sort by metric rougeL' }));
    await waitFor(() => expect(searches(api).at(-1)).toMatchObject({ order_by: ['metrics.rougeL ASC'] }));
    fireEvent.click(screen.getByRole('button', { name: 'Sort by metric rougeL' }));
    await waitFor(() => expect(searches(api).at(-1)).toMatchObject({ order_by: ['metrics.rougeL DESC'] }));
    const header = screen.getByRole('button', { name: 'Sort by metric rougeL' }).closest('th')!;
    expect(header.getAttribute('aria-sort')).toBe('descending');
  });

  it('chooses columns, and compares the runs selected', async () => {
    world();
    render(<ExperimentsPage />);
    await screen.findByRole('link', { name: 'lead3' });
    fireEvent.click(screen.getByRole('checkbox', { name: 'latency_p95_ms' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Sort by metric latency_p95_ms' })).toBeNull());

    const compare = screen.getByRole('button', { name: /Compare/ }) as HTMLButtonElement;
    expect(compare.disabled).toBe(true);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select run lead3' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select run t5' }));
    expect(compare.disabled).toBe(false);
    expect(compare.textContent).toBe('Compare 2 runs');
    fireEvent.click(compare);
    expect(window.location.pathname + window.location.search).toBe('/compare?runs=aaa,ccc');
  });
});
