import { authHeaders, errorOf } from './client';

/**
 * Artifact files are bytes, not JSON: they are read with fetch (with the user's token) from the
 * gateway's artifact route, whose listing is typed in the generated client.
 */
export function artifactUrl(runId: string, path: string): string {
  return `/api/v1/runs/${encodeURIComponent(runId)}/artifacts/${path.split('/').map(encodeURIComponent).join('/')}`;
}

async function open(runId: string, path: string): Promise<Response> {
  const response = await fetch(artifactUrl(runId, path), { headers: authHeaders() });
  if (!response.ok) {
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    throw errorOf(response, body);
  }
  return response;
}

/** The first `maxBytes` of a file (the rest is never downloaded), and whether there was more. */
export async function readArtifactHead(
  runId: string,
  path: string,
  maxBytes: number,
): Promise<{ bytes: Uint8Array; truncated: boolean }> {
  const response = await open(runId, path);
  const reader = response.body!.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.length;
    if (total > maxBytes) {
      truncated = true;
      await reader.cancel();
      break;
    }
  }
  const bytes = new Uint8Array(Math.min(total, maxBytes));
  let offset = 0;
  for (const chunk of chunks) {
    const take = Math.min(chunk.length, bytes.length - offset);
    bytes.set(chunk.subarray(0, take), offset);
    offset += take;
    if (offset >= bytes.length) break;
  }
  return { bytes, truncated };
}

export async function readArtifact(runId: string, path: string): Promise<ArrayBuffer> {
  return (await open(runId, path)).arrayBuffer();
}

/** Saves a file as the browser's download (the token travels in a header, so a plain link cannot). */
export async function downloadArtifact(runId: string, path: string): Promise<void> {
  const blob = await (await open(runId, path)).blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = path.split('/').pop() ?? 'artifact';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
