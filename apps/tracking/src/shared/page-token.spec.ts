import { decodePageToken, jsonBytes, pageOf } from './page-token';

describe('pageOf', () => {
  const rows = Array.from({ length: 10 }, (_, i) => ({ id: i, text: 'x'.repeat(90) }));
  const query = { q: 'runs' };

  it('stops at the byte budget, with a token where it stopped', () => {
    const size = jsonBytes(rows[0]);
    const page = pageOf(rows, 0, 5, query, { budget: size * 3 });
    expect(page.items).toEqual(rows.slice(0, 3));
    expect(decodePageToken(page.nextPageToken, query)).toBe(3);
  });

  it('cuts by the sizes the caller measured, the same as it would have measured', () => {
    const sizes = rows.map(jsonBytes);
    const budget = sizes[0] * 4;
    expect(pageOf(rows, 0, 8, query, { budget, sizes })).toEqual(pageOf(rows, 0, 8, query, { budget }));
    // Sizes say the first rows are large: fewer fit.
    const large = pageOf(rows, 0, 8, query, { budget, sizes: sizes.map((s) => s * 2) });
    expect(large.items).toHaveLength(2);
  });
});
