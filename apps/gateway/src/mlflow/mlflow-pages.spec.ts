import { gatherPages, PagedRequest } from './mlflow-pages';

/** A service that answers at most `pageSize` of `total` rows per call, with offset tokens. */
function service(total: number, pageSize: number) {
  const calls: PagedRequest[] = [];
  const fetchPage = async (request: PagedRequest) => {
    calls.push(request);
    const offset = Number(request.page_token ?? 0);
    const n = Math.min(pageSize, Number(request.max_results), total - offset);
    const rows = Array.from({ length: Math.max(n, 0) }, (_, i) => ({ i: offset + i }));
    const next = offset + rows.length;
    return { rows, ...(next < total ? { next_page_token: String(next) } : {}) };
  };
  return { calls, fetchPage };
}

describe('gathering service pages into one MLflow page', () => {
  it('fills the page up to max_results across service pages and keeps the token', async () => {
    const s = service(1008, 430);
    const got = await gatherPages({ max_results: 1000 }, 1000, s.fetchPage, (a) => a.rows);
    expect(got.items).toHaveLength(1000);
    expect(got.items.map((r) => r.i)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(got.next_page_token).toBe('1000');
    expect(s.calls.map((c) => c.max_results)).toEqual([1000, 570, 140]);
    const rest = await gatherPages(
      { max_results: '1000', page_token: got.next_page_token },
      1000,
      s.fetchPage,
      (a) => a.rows,
    );
    expect(rest.items).toHaveLength(8);
    expect(rest.next_page_token).toBeUndefined();
  });

  it('uses the default when max_results is absent and stops at the last page', async () => {
    const s = service(5, 2);
    const got = await gatherPages({}, 200_000, s.fetchPage, (a) => a.rows);
    expect(got).toEqual({ items: [0, 1, 2, 3, 4].map((i) => ({ i })) });
    expect(s.calls[0].max_results).toBe(200_000);
  });

  it('ends early with a token at the safety cap on the answer', async () => {
    const s = service(100, 10);
    const got = await gatherPages({ max_results: 100 }, 100, s.fetchPage, (a) => a.rows, 150);
    expect(got.items.length).toBeLessThan(100);
    expect(got.next_page_token).toBe(String(got.items.length));
  });

  it('passes what is not a count to the service as is, for it to refuse', async () => {
    const s = service(5, 2);
    await gatherPages({ max_results: 'lots' }, 10, s.fetchPage, (a) => a.rows);
    await gatherPages({ max_results: -1 }, 10, s.fetchPage, (a) => a.rows);
    expect(s.calls.map((c) => c.max_results)).toEqual(['lots', -1]);
  });
});
