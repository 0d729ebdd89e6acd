import { compareCodePoints } from './parquet-data-file';

/** Code point order by the definition (what UTF-8 bytes compare as), for well-formed strings. */
function byCodePoints(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

describe('compareCodePoints', () => {
  // Around the one range where UTF-16 and code point order disagree (U+E000..U+FFFF vs surrogate pairs).
  const alphabet = ['a', 'b', 'é', '\u{d7ff}', '\u{e000}', '\u{fffd}', '\u{ffff}', '\u{10000}', '😀', '\u{10ffff}'];

  it('orders like UTF-8 bytes (code points), not UTF-16 code units', () => {
    expect(Math.sign(compareCodePoints('\u{ffff}', '😀'))).toBe(-1);
    expect('\u{ffff}' < '😀').toBe(false); // what JS's own order would get wrong
    expect(Math.sign(compareCodePoints('😀', '\u{e000}'))).toBe(1);
    expect(compareCodePoints('same', 'same')).toBe(0);
    expect(Math.sign(compareCodePoints('ab', 'abc'))).toBe(-1);
    expect(Math.sign(compareCodePoints('abc', 'ab'))).toBe(1);
  });

  it('agrees with the definition on every pair of short strings over the edge code points', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const word = () =>
      Array.from({ length: Math.floor(next() * 4) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    const words = Array.from({ length: 300 }, word);
    const wrong: string[][] = [];
    for (const a of words) {
      for (const b of words)
        if (Math.sign(compareCodePoints(a, b)) !== Math.sign(byCodePoints(a, b))) wrong.push([a, b]);
    }
    expect(wrong).toEqual([]);
  });
});
