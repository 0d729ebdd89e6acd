/**
 * MLflow fills a search page up to `max_results` (search_runs up to 50,000 runs, model versions up
 * to 200,000). The services answer in pages that fit one NATS message (about 512 KB of JSON), so
 * the MLflow API gathers their pages until `max_results` rows, the last page, or this much larger
 * safety cap on one answer; past the cap the answer ends early with a token to continue, which
 * MLflow's clients follow.
 */
export const MLFLOW_MAX_ANSWER_BYTES = 64 * 1024 * 1024;

export interface PagedRequest {
  max_results?: unknown;
  page_token?: string;
}

export interface Gathered<T> {
  items: T[];
  next_page_token?: string;
}

export async function gatherPages<T, A extends { next_page_token?: string }>(
  request: PagedRequest,
  defaultMaxResults: number,
  fetchPage: (request: PagedRequest) => Promise<A>,
  itemsOf: (answer: A) => T[],
  maxBytes = MLFLOW_MAX_ANSWER_BYTES,
): Promise<Gathered<T>> {
  const asked = request.max_results ?? defaultMaxResults;
  const wanted = typeof asked === 'string' && /^[0-9]+$/.test(asked) ? Number(asked) : asked;
  if (typeof wanted !== 'number' || !Number.isSafeInteger(wanted) || wanted < 1) {
    // Not a count: the service refuses it with its own message.
    const answer = await fetchPage(request);
    return { items: itemsOf(answer), next_page_token: answer.next_page_token };
  }
  const items: T[] = [];
  let token = request.page_token;
  let bytes = 0;
  for (;;) {
    const answer = await fetchPage({ ...request, max_results: wanted - items.length, page_token: token });
    const page = itemsOf(answer);
    items.push(...page);
    token = answer.next_page_token;
    if (!token || page.length === 0 || items.length >= wanted) break;
    // Measured only when another page may follow (serialising a page is not free).
    bytes += Buffer.byteLength(JSON.stringify(page));
    if (bytes >= maxBytes) break;
  }
  return { items, ...(token ? { next_page_token: token } : {}) };
}
