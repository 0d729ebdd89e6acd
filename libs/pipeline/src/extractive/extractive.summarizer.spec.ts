import { InvalidParameterError } from '@llmops/contract';
import { createSummarizer } from '../summarizer/create-summarizer';
import { ExtractiveSummarizer } from './extractive.summarizer';
import { contentTerms, cosine, pageRank, selectSentences, tfidfVectors } from './text-rank';
import { EXTRACTIVE_PARAMS, ExtractiveSettings } from './extractive.settings';

const DEFAULTS = Object.fromEntries(EXTRACTIVE_PARAMS.map((p) => [p.name, p.default])) as unknown as ExtractiveSettings;

const ARTICLE = [
  'Airbus won an order for 50 A320 jets from a low-cost airline in India on Monday.',
  'The order is worth about 5 billion dollars at list prices, the planemaker said in a statement.',
  'The weather in Toulouse was sunny and warm for the signing ceremony at the plant.',
  'The airline will use the Airbus jets to expand domestic routes across India from next year.',
  'Airbus has now won more jet orders from Indian airlines than its rival Boeing this year.',
  'Airbus has now won more jet orders from Indian airlines than rival Boeing this year, analysts said.',
].join(' ');

describe('text-rank building blocks', () => {
  it('keeps stemmed content terms only', () => {
    expect(contentTerms('The airlines were ordering more jets in 2024')).toEqual(['airlin', 'order', 'jet', '2024']);
  });

  it('gives identical sentences cosine 1 and disjoint ones 0', () => {
    const [a, b, c] = tfidfVectors([['jet', 'order'], ['jet', 'order'], ['rain']]);
    expect(cosine(a, b)).toBeCloseTo(1, 12);
    expect(cosine(a, c)).toBe(0);
  });

  it('PageRank ranks the hub of a star graph first and sums to 1', () => {
    // node 0 is linked to 1, 2, 3; they are not linked to each other
    const sim = [
      [0, 1, 1, 1],
      [1, 0, 0, 0],
      [1, 0, 0, 0],
      [1, 0, 0, 0],
    ];
    const rank = pageRank(sim, [0.25, 0.25, 0.25, 0.25], 0.85);
    expect(rank.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(rank[0]).toBeGreaterThan(rank[1]);
    expect(rank[1]).toBeCloseTo(rank[2], 12);
  });
});

describe('selectSentences', () => {
  const sentences = [
    'Airbus won an order for 50 A320 jets from a low-cost airline in India on Monday.',
    'The order is worth about 5 billion dollars at list prices, the planemaker said.',
    'The weather in Toulouse was sunny and warm for the signing ceremony at the plant.',
    'Airbus has now won more jet orders from Indian airlines than rival Boeing this year.',
    'Airbus has now won more jet orders from Indian airlines than rival Boeing this year, analysts said.',
  ];

  it('lead takes the first sentences', () => {
    expect(selectSentences(sentences, { ...DEFAULTS, method: 'lead', maxSentences: 2, maxWords: 0 })).toEqual([0, 1]);
  });

  it('textrank skips near-duplicates of a chosen sentence (redundancy control)', () => {
    const picked = selectSentences(sentences, { ...DEFAULTS, maxSentences: 4, maxWords: 0, positionWeight: 0 });
    expect(picked.includes(3) && picked.includes(4)).toBe(false);
    // with redundancy control off (threshold 1), both duplicates can be picked
    const all = selectSentences(sentences, { ...DEFAULTS, maxSentences: 5, maxWords: 0, redundancyThreshold: 1 });
    expect(all).toEqual([0, 1, 2, 3, 4]);
  });

  it('respects the word budget but always returns something', () => {
    const picked = selectSentences(sentences, { ...DEFAULTS, maxSentences: 5, maxWords: 30 });
    const words = picked.reduce((a, i) => a + sentences[i].split(/\s+/).length, 0);
    expect(words).toBeLessThanOrEqual(30);
    expect(selectSentences(sentences, { ...DEFAULTS, maxWords: 3 })).toHaveLength(1);
  });

  it('prefers the off-topic sentence last: it is neither central nor near the top', () => {
    const picked = selectSentences(sentences, { ...DEFAULTS, maxSentences: 3, maxWords: 0 });
    expect(picked).not.toContain(2);
  });

  it('returns sentence indices in article order', () => {
    const picked = selectSentences(sentences, { ...DEFAULTS, maxSentences: 3, maxWords: 0, positionWeight: 0 });
    expect(picked).toEqual([...picked].sort((a, b) => a - b));
  });
});

describe('ExtractiveSummarizer', () => {
  it('is created by flavor name and is deterministic', async () => {
    const summarizer = await createSummarizer({ flavor: 'extractive' });
    expect(summarizer).toBeInstanceOf(ExtractiveSummarizer);
    const [a] = await summarizer.summarize([ARTICLE]);
    const [b] = await summarizer.summarize([ARTICLE]);
    expect(a.summary).toBe(b.summary);
    expect(a.summary.startsWith('Airbus won an order')).toBe(true);
    expect(a.tokensIn).toBe(ARTICLE.split(/\s+/).length);
    expect(a.tokensOut).toBe(a.summary.split(/\s+/).length);
    expect(a.truncated).toBe(false);
  });

  it('drops an off-topic sentence near the top once centrality weighs enough', async () => {
    const [r] = await new ExtractiveSummarizer({ positionWeight: 0.5 }).summarize([ARTICLE]);
    expect(r.summary.startsWith('Airbus won an order')).toBe(true);
    expect(r.summary).not.toContain('weather');
  });

  it('Lead-3 with no word budget is the first three sentences', async () => {
    const summarizer = new ExtractiveSummarizer({ method: 'lead', maxWords: 0 });
    const [r] = await summarizer.summarize([ARTICLE]);
    expect(r.summary).toBe(
      'Airbus won an order for 50 A320 jets from a low-cost airline in India on Monday. ' +
        'The order is worth about 5 billion dollars at list prices, the planemaker said in a statement. ' +
        'The weather in Toulouse was sunny and warm for the signing ceremony at the plant.',
    );
  });

  it('takes per-call overrides and rejects bad ones', async () => {
    const summarizer = new ExtractiveSummarizer();
    const [r] = await summarizer.summarize([ARTICLE], { maxSentences: 1 });
    expect(r.summary).toBe('Airbus won an order for 50 A320 jets from a low-cost airline in India on Monday.');
    await expect(summarizer.summarize([ARTICLE], { method: 'magic' })).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(summarizer.summarize([ARTICLE], { maxSentences: 0 })).rejects.toBeInstanceOf(InvalidParameterError);
    expect(() => new ExtractiveSummarizer({ positionWeight: 2 })).toThrow(InvalidParameterError);
  });

  it('summarizes an empty article to an empty summary', async () => {
    const [r] = await new ExtractiveSummarizer().summarize(['']);
    expect(r).toMatchObject({ summary: '', tokensIn: 0, tokensOut: 0 });
  });

  it('describes itself', () => {
    expect(new ExtractiveSummarizer({ method: 'lead' }).describe()).toEqual({
      flavor: 'extractive',
      modelId: 'extractive-lead',
      settings: {
        method: 'lead',
        maxSentences: 3,
        maxWords: 65,
        positionWeight: 0.85,
        redundancyThreshold: 0.3,
        damping: 0.85,
        forwardWeight: 0.3,
        backwardWeight: -0.7,
        edgeThreshold: 0.1,
      },
    });
  });
});
