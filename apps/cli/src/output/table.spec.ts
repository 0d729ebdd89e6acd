import { cellText, formatFields, formatNumber, formatTable, formatTime } from './table';

describe('tables', () => {
  it('pads columns to the widest cell and trims line ends', () => {
    const text = formatTable(
      ['ID', 'NAME', 'SCORE'],
      [
        ['1', 'alpha', 0.123456789],
        ['22', 'b', null],
      ],
    );
    expect(text.split('\n')).toEqual(['ID  NAME   SCORE', '1   alpha  0.123457', '22  b      -']);
  });

  it('cuts long cells with an ellipsis and flattens newlines', () => {
    expect(cellText('abcdefghij', 5)).toBe('abcd…');
    expect(cellText('a\nb')).toBe('a b');
    expect(cellText('')).toBe('-');
    expect(cellText(undefined)).toBe('-');
  });

  it('formats numbers, times and fields', () => {
    expect(formatNumber(3)).toBe('3');
    expect(formatNumber(NaN)).toBe('NaN');
    expect(formatNumber(1 / 3)).toBe('0.333333');
    expect(formatTime(Date.UTC(2026, 0, 31, 12, 0, 0, 123))).toBe('2026-01-31T12:00:00Z');
    expect(formatTime(null)).toBe('-');
    expect(
      formatFields([
        ['a', 1],
        ['long', 'x'],
      ]),
    ).toBe('a:    1\nlong: x');
  });
});
