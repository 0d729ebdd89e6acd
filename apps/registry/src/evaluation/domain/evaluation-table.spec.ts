import { scoreRouge } from '@llmops/pipeline';
import { ArticleOutcome, scoreEvaluation } from './evaluation-table';

function outcome(over: Partial<ArticleOutcome>): ArticleOutcome {
  return {
    id: 'a',
    article: 'x',
    reference: 'the cat sat on the mat',
    prediction: null,
    latencyMs: null,
    error: null,
    ...over,
  };
}

describe('scoreEvaluation', () => {
  it('scores each article with ROUGE F1 and averages over all articles', () => {
    const { rows, metrics } = scoreEvaluation([
      outcome({ id: '1', prediction: 'the cat sat on the mat', latencyMs: 100 }),
      outcome({ id: '2', prediction: 'a dog barked', latencyMs: 300 }),
    ]);
    const second = scoreRouge('a dog barked', 'the cat sat on the mat');
    expect(rows[0].scores).toEqual({ rouge1: 1, rouge2: 1, rougeL: 1, rougeLsum: 1 });
    expect(rows[1].scores.rouge1).toBeCloseTo(second.rouge1.fmeasure);
    expect(metrics.rouge1).toBeCloseTo((1 + second.rouge1.fmeasure) / 2);
    expect(metrics.rougeL).toBeCloseTo((1 + second.rougeL.fmeasure) / 2);
    expect(metrics.latency_p50_ms).toBe(200);
    expect(metrics.latency_p95_ms).toBeCloseTo(290);
    expect(metrics.failure_rate).toBe(0);
    expect(metrics.articles).toBe(2);
  });

  it('scores ROUGE-Lsum on sentences (one a line), so it differs from ROUGE-L on multi-sentence text', () => {
    const prediction = 'The mat was red. The cat sat on the mat.';
    const reference = 'The cat sat on the mat. The mat was red.';
    const { rows } = scoreEvaluation([outcome({ prediction, reference, latencyMs: 1 })]);
    const split = scoreRouge('The mat was red.\nThe cat sat on the mat.', 'The cat sat on the mat.\nThe mat was red.');
    expect(rows[0].scores.rougeLsum).toBeCloseTo(split.rougeLsum.fmeasure);
    expect(rows[0].scores.rougeLsum).toBeGreaterThan(rows[0].scores.rougeL);
  });

  it('counts a failed article as a failure scoring 0, outside the latency percentiles', () => {
    const { rows, metrics } = scoreEvaluation([
      outcome({ id: '1', prediction: 'the cat sat on the mat', latencyMs: 50 }),
      outcome({ id: '2', prediction: null, error: 'MODEL_LOAD_FAILED: boom' }),
    ]);
    expect(rows[1].scores).toEqual({ rouge1: 0, rouge2: 0, rougeL: 0, rougeLsum: 0 });
    expect(metrics.rougeL).toBeCloseTo(0.5);
    expect(metrics.failure_rate).toBe(0.5);
    expect(metrics.latency_p50_ms).toBe(50);
    expect(metrics.latency_p95_ms).toBe(50);
  });

  it('has no latency when nothing was summarized', () => {
    const { metrics } = scoreEvaluation([outcome({ prediction: null, error: 'x' })]);
    expect(metrics.latency_p95_ms).toBeNull();
    expect(metrics.failure_rate).toBe(1);
  });
});
