import { render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { attributesOf, waterfall, type Span } from '../../api/traces';
import { Answer, fakeApi } from '../../test/fake-api';
import TracesPage from './traces-page';

const ms = (n: number) => String(1_760_000_000_000_000_000 + n * 1_000_000);
const spans: Span[] = [
  { span_id: 'c', parent_span_id: 'b', name: 'generate', start_time_unix_nano: ms(20), end_time_unix_nano: ms(90) },
  {
    span_id: 'a',
    name: 'POST /api/v1/summarize',
    start_time_unix_nano: ms(0),
    end_time_unix_nano: ms(100),
    attributes: [
      { key: 'mlflow.spanInputs', value: { string_value: '{"article":"A long article."}' } },
      { key: 'llm.tokens_in', value: { int_value: '42' } },
    ],
  },
  {
    span_id: 'b',
    parent_span_id: 'a',
    name: 'inference.v1.summarize',
    start_time_unix_nano: ms(10),
    end_time_unix_nano: ms(95),
  },
  { span_id: 'd', parent_span_id: 'b', name: 'tokenize', start_time_unix_nano: ms(12), end_time_unix_nano: ms(18) },
];

describe('traces', () => {
  it('orders spans as a tree (parents first, siblings by start) with offsets from the trace start', () => {
    const { rows, totalMs } = waterfall(spans);
    expect(rows.map((r) => [r.span.name, r.depth, Math.round(r.startMs), Math.round(r.durationMs!)])).toEqual([
      ['POST /api/v1/summarize', 0, 0, 100],
      ['inference.v1.summarize', 1, 10, 85],
      ['tokenize', 2, 12, 6],
      ['generate', 2, 20, 70],
    ]);
    expect(Math.round(totalMs)).toBe(100);
    expect(attributesOf(spans[1].attributes)).toEqual({
      'mlflow.spanInputs': { article: 'A long article.' },
      'llm.tokens_in': 42,
    });
  });

  it('draws the span waterfall of a trace MLflow 3 answers with protobuf-JSON spans', async () => {
    fakeApi({
      'GET /api/3.0/mlflow/traces/get': ({ query }) => ({
        trace: {
          trace_info: {
            trace_id: query.get('trace_id'),
            state: 'OK',
            request_time: '2026-12-04T10:00:00Z',
            execution_duration: '0.1s',
          },
          spans,
        },
      }),
    });
    render(<TracesPage traceId="tr-1234567890abcdef" />);
    const waterfallList = await screen.findByRole('list', { name: /Span waterfall/ });
    expect([...waterfallList.querySelectorAll('.span-name')].map((e) => e.textContent)).toEqual([
      'POST /api/v1/summarize',
      'inference.v1.summarize',
      'tokenize',
      'generate',
    ]);
    expect(screen.getByText(/"article": "A long article."/)).toBeTruthy();
  });

  it('says plainly that traces are not available while the gateway does not serve the trace API', async () => {
    fakeApi({
      'GET /api/v1/experiments': () => ({
        experiments: [
          {
            experiment_id: '1',
            name: 'e',
            artifact_location: '',
            lifecycle_stage: 'active',
            creation_time: 1,
            last_update_time: 1,
            tags: [],
          },
        ],
      }),
      'POST /api/3.0/mlflow/traces/search': () =>
        new Answer(404, { error_code: 'ENDPOINT_NOT_FOUND', message: 'No endpoint' }),
    });
    render(<TracesPage />);
    expect(await screen.findByText(/Traces are not available on this platform yet/)).toBeTruthy();
  });
});
