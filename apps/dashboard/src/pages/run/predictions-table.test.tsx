import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fake-api';
import { PredictionsTable } from './predictions-table';

const row = (i: number) => ({
  row_index: i,
  inputs: { id: `a-${i}`, article: `Article number ${i}.` },
  outputs: { summary: i === 12 ? null : `Summary ${i}.` },
  latency_ms: 10 + i,
  extra: { reference: `Reference ${i}.`, rougeL: 0.25, ...(i === 12 ? { error: 'model timed out' } : {}) },
  timestamp: 1,
});

describe('the predictions table', () => {
  it('shows article, summary and reference side by side, a page at a time, forward and back', async () => {
    const api = fakeApi({
      'GET /api/v1/runs/:runId/predictions': ({ query }) => {
        const start = Number(query.get('page_token') ?? 0);
        const rows = Array.from({ length: Math.min(10, 13 - start) }, (_, i) => row(start + i));
        return { predictions: rows, ...(start + 10 < 13 ? { next_page_token: String(start + 10) } : {}) };
      },
    });
    render(<PredictionsTable runId="r1" />);
    expect(await screen.findByText('Article number 0.')).toBeTruthy();
    expect(screen.getByText('Summary 0.')).toBeTruthy();
    expect(screen.getByText('Reference 0.')).toBeTruthy();
    expect(api.seen[0].query.get('max_results')).toBe('10');

    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('Article number 12.')).toBeTruthy();
    expect(screen.getByText(/failed: model timed out/)).toBeTruthy();
    expect(api.seen.at(-1)?.query.get('page_token')).toBe('10');
    expect((screen.getByRole('button', { name: 'Next page' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Previous page' }));
    expect(await screen.findByText('Article number 0.')).toBeTruthy();
    expect(api.seen.at(-1)?.query.get('page_token')).toBeNull();
  });
});
