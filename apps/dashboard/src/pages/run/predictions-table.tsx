import { useState } from 'preact/hooks';
import { api, data, type Schemas } from '../../api/client';
import { Loaded } from '../../components/status';
import { formatNumber } from '../../lib/format';
import { useResource } from '../../lib/use-resource';

const PAGE_SIZE = 10;

type Prediction = Schemas['PredictionView'];

/** What a logged prediction holds, whichever pipeline logged it. */
export function predictionParts(p: Prediction): {
  id: string | null;
  article: string;
  summary: string;
  reference: string | null;
  error: string | null;
  scores: Array<[string, unknown]>;
} {
  const inputs = asRecord(p.inputs);
  const outputs = asRecord(p.outputs);
  const extra = asRecord(p.extra);
  const text = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));
  return {
    id: typeof inputs.id === 'string' ? inputs.id : typeof inputs.article_id === 'string' ? inputs.article_id : null,
    article: text(inputs.article ?? p.inputs),
    summary: text(outputs.summary ?? p.outputs),
    reference: typeof extra.reference === 'string' ? extra.reference : null,
    error: typeof extra.error === 'string' ? extra.error : null,
    scores: Object.entries(extra).filter(([k]) => k !== 'reference' && k !== 'error'),
  };
}

function asRecord(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/**
 * The run's logged predictions, a page at a time: the article, the summary the pipeline wrote and
 * the reference summary side by side, with latency and each row's scores.
 */
export function PredictionsTable({ runId }: { runId: string }) {
  // Tokens of the pages seen so far: going back re-asks for an earlier page.
  const [tokens, setTokens] = useState<Array<string | undefined>>([undefined]);
  const page = tokens.length - 1;
  const predictions = useResource(
    () =>
      data(
        api.GET('/api/v1/runs/{runId}/predictions', {
          params: { path: { runId }, query: { max_results: PAGE_SIZE, page_token: tokens[page] } },
        }),
      ),
    [runId, page],
  );
  return (
    <Loaded resource={predictions} label="Loading predictions…">
      {(p) => (
        <div class="predictions">
          {p.predictions.length === 0 && page === 0 ? (
            <p class="empty">This run logged no predictions.</p>
          ) : (
            <ol class="prediction-list" start={page * PAGE_SIZE + 1} aria-label="Predictions">
              {p.predictions.map((row) => {
                const parts = predictionParts(row);
                return (
                  <li key={row.row_index} class={parts.error ? 'prediction failed' : 'prediction'}>
                    <div class="prediction-head">
                      <strong>#{row.row_index + 1}</strong>
                      {parts.id && <code>{parts.id}</code>}
                      <span class="muted">
                        latency {row.latency_ms === null ? '—' : `${formatNumber(row.latency_ms, 1)} ms`}
                      </span>
                      {parts.scores.map(([k, v]) => (
                        <span key={k} class="chip">
                          {k} {typeof v === 'number' ? formatNumber(v, 3) : String(v)}
                        </span>
                      ))}
                    </div>
                    <div class="side-by-side">
                      <section>
                        <h4>Article</h4>
                        <p class="clip-long" tabIndex={0}>
                          {parts.article}
                        </p>
                      </section>
                      <section>
                        <h4>Summary</h4>
                        <p>{parts.error ? <span class="error-text">failed: {parts.error}</span> : parts.summary}</p>
                      </section>
                      <section>
                        <h4>Reference</h4>
                        <p>{parts.reference ?? <span class="muted">none</span>}</p>
                      </section>
                    </div>
                  </li>
                );
              })}
            </ol>
          )}
          <div class="pager">
            <button type="button" disabled={page === 0} onClick={() => setTokens((t) => t.slice(0, -1))}>
              Previous page
            </button>
            <span>Page {page + 1}</span>
            <button
              type="button"
              disabled={!p.next_page_token}
              onClick={() => setTokens((t) => [...t, p.next_page_token])}
            >
              Next page
            </button>
          </div>
        </div>
      )}
    </Loaded>
  );
}
