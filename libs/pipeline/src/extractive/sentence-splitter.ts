/**
 * Sentence splitting tuned for English news. A boundary is `.`, `!` or `?` (closing quotes and
 * brackets stay with the sentence) followed by whitespace and a capital, digit or opening quote;
 * line breaks always end a sentence. A period does not end a sentence after a title ("Mr."),
 * an initial ("George W."), a month or "No." before a number; after a weaker abbreviation
 * ("U.S.", "Inc.", "a.m.") it does only when the next word typically starts a sentence. Decimals
 * ("3.5") never qualify since a boundary needs whitespace after the period.
 */

/** Never end a sentence: titles and abbreviations always followed by more of the same sentence. */
const STRONG_ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sen',
  'rep',
  'reps',
  'gov',
  'gen',
  'lt',
  'col',
  'sgt',
  'capt',
  'cmdr',
  'adm',
  'maj',
  'cpl',
  'pvt',
  'rev',
  'hon',
  'pres',
  'supt',
  'insp',
  'det',
  'st',
  'mt',
  'ft',
  'fr',
  'sr',
  'jr',
  'messrs',
  'vs',
  'v',
  'cf',
  'approx',
  'dept',
  'est',
  'fig',
  'no',
  'nos',
  'vol',
  'ch',
  'sec',
  'art',
  'op',
  'ed',
  'eds',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'mon',
  'tue',
  'tues',
  'wed',
  'thu',
  'thur',
  'thurs',
  'fri',
  'sat',
  'sun',
  'ala',
  'ariz',
  'ark',
  'calif',
  'colo',
  'conn',
  'del',
  'fla',
  'ga',
  'ill',
  'ind',
  'kan',
  'ky',
  'la',
  'md',
  'mich',
  'minn',
  'miss',
  'mo',
  'mont',
  'neb',
  'nev',
  'okla',
  'ore',
  'pa',
  'tenn',
  'tex',
  'va',
  'vt',
  'wash',
  'wis',
  'wyo',
]);

/** May end a sentence: only when the next word is a usual sentence opener. */
const WEAK_ABBREVIATIONS = new Set(['inc', 'ltd', 'co', 'corp', 'plc', 'llc', 'bros', 'etc', 'al']);

/** Words that usually open a sentence, used to decide after "U.S." or "Inc.". */
const SENTENCE_OPENERS = new Set([
  'a',
  'an',
  'the',
  'this',
  'that',
  'these',
  'those',
  'it',
  'its',
  'he',
  'she',
  'they',
  'we',
  'i',
  'you',
  'his',
  'her',
  'their',
  'our',
  'there',
  'in',
  'on',
  'at',
  'after',
  'before',
  'but',
  'and',
  'however',
  'meanwhile',
  'according',
  'as',
  'when',
  'while',
  'if',
  'since',
  'for',
  'although',
  'though',
  'also',
  'one',
  'two',
  'some',
  'many',
  'most',
  'both',
  'all',
  'no',
  'not',
  'officials',
  'police',
  'other',
  'last',
  'earlier',
  'later',
  'today',
  'yesterday',
  'now',
  'then',
  'so',
  'what',
  'who',
  'why',
  'how',
  'with',
  'during',
  'by',
  'from',
  'under',
  'image',
  'photo',
]);

const CLOSERS = `"'”’)]}»`;
const OPENERS = `"'“‘([{«`;

export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const paragraph of text.split(/\n+/)) {
    let start = 0;
    const p = paragraph;
    for (let i = 0; i < p.length; i++) {
      const ch = p[i];
      if (ch !== '.' && ch !== '!' && ch !== '?') continue;
      // Swallow repeated terminators ("?!", "...") and closing quotes/brackets.
      let end = i + 1;
      while (end < p.length && (p[end] === '.' || p[end] === '!' || p[end] === '?')) end++;
      while (end < p.length && CLOSERS.includes(p[end])) end++;
      if (end < p.length && !/\s/.test(p[end])) continue;
      let next = end;
      while (next < p.length && /\s/.test(p[next])) next++;
      if (next >= p.length) break; // the paragraph's end closes the sentence below
      if (!startsSentence(p, next)) continue;
      if (ch === '.' && end === i + 1 + countClosers(p, i + 1) && !periodEndsSentence(p, i, next)) continue;
      pushSentence(sentences, p.slice(start, end));
      start = next;
      i = next - 1;
    }
    pushSentence(sentences, p.slice(start));
  }
  return sentences;
}

function countClosers(p: string, from: number): number {
  let n = 0;
  while (from + n < p.length && CLOSERS.includes(p[from + n])) n++;
  return n;
}

function pushSentence(out: string[], raw: string): void {
  const s = raw.trim();
  if (s.length > 0) out.push(s);
}

/** The next sentence must open with a capital letter, a digit, or an opening quote/bracket then one. */
function startsSentence(p: string, at: number): boolean {
  let k = at;
  while (k < p.length && OPENERS.includes(p[k])) k++;
  if (k >= p.length) return false;
  const c = p[k];
  return /[A-Z0-9]/.test(c) || (c !== c.toLowerCase() && c === c.toUpperCase());
}

/** Decides whether the period at `dot` (single, possibly followed by closers) ends the sentence. */
function periodEndsSentence(p: string, dot: number, next: number): boolean {
  // The token before the period: letters and inner periods ("U.S", "a.m", "Mr").
  let s = dot;
  while (s > 0 && /[A-Za-z.]/.test(p[s - 1])) s--;
  const token = p.slice(s, dot).replace(/^\.+/, '');
  if (token.length === 0) return true; // after a number, a quote, a bracket
  const lower = token.toLowerCase();
  const nextWord = (p.slice(next).match(/^[^A-Za-z0-9]*([A-Za-z0-9]+)/)?.[1] ?? '').toLowerCase();
  const nextIsDigit = /^[0-9]/.test(p.slice(next).replace(/^[^A-Za-z0-9]*/, ''));
  if (lower === 'no' || lower === 'nos' || lower === 'vol' || lower === 'fig' || lower === 'art') {
    return !nextIsDigit;
  }
  if (STRONG_ABBREVIATIONS.has(lower)) {
    // A month or state at the end of a sentence is rare but a sentence opener after it tells.
    return (
      SENTENCE_OPENERS.has(nextWord) && !/^(mr|mrs|ms|dr|prof|sen|rep|gov|gen|lt|col|sgt|capt|rev|st)$/.test(lower)
    );
  }
  // A single capital letter is an initial ("George W. Bush"), unless a sentence opener follows.
  if (/^[A-Z]$/.test(token)) return SENTENCE_OPENERS.has(nextWord) && nextWord !== 'a';
  // Dotted acronyms (U.S., D.C., a.m., e.g.) and company suffixes: only before a sentence opener.
  if (token.includes('.') || WEAK_ABBREVIATIONS.has(lower)) {
    if (lower === 'e.g' || lower === 'i.e') return false;
    return SENTENCE_OPENERS.has(nextWord);
  }
  return true;
}
