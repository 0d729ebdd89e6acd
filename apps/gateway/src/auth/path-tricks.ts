import { InvalidParameterError } from '@llmops/contract';

/** Request fields that name a file, a directory or a model location somewhere. */
const PATH_FIELDS = [
  'path',
  'source',
  'artifact_path',
  'artifact_uri',
  'artifact_location',
  'storage_location',
  'model_uri',
  'uri',
  'datasetUri',
  'dataset_uri',
  'dataset_path',
  'outputTable',
  'output_table',
];

/** Decodes up to three times (`%252e` is `%2e` is `.`); a malformed escape is kept as it is. */
function decodings(value: string): string[] {
  const forms = [value];
  for (let i = 0; i < 3; i++) {
    let next: string;
    try {
      next = decodeURIComponent(forms[forms.length - 1]);
    } catch {
      break;
    }
    if (next === forms[forms.length - 1]) break;
    forms.push(next);
  }
  return forms;
}

/** Why a path-like value is a trick (traversal, backslash, `;` parameters, control characters), if it is. */
export function pathTrickOf(value: string, options: { absoluteAllowed: boolean }): string | undefined {
  for (const form of decodings(value)) {
    if (/[\u0000-\u001f\u007f]/.test(form)) return 'control characters';
    if (form.includes('\\')) return 'a backslash';
    if (form.includes(';')) return "a ';' path parameter";
    const path = form.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/*/, '/');
    if (path.split('/').some((segment) => segment === '..')) return "a '..' segment";
    if (!options.absoluteAllowed && (form.startsWith('/') || /^[A-Za-z]:/.test(form) || form.startsWith('~'))) {
      return 'an absolute path';
    }
  }
  return undefined;
}

export interface PathTrickRequest {
  /** The raw request target as it arrived (before Express decoded anything). */
  originalUrl: string;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
}

/**
 * Edge check before any service sees the request: every path-like value, in the URL, the route
 * parameters (an artifact path's segments), the query and the JSON body, is refused when any of
 * its decodings traverses, uses backslashes or `;`, or (for artifact paths) is absolute. The
 * services check again; this makes "decode once more downstream" tricks die at the door.
 */
export function assertNoPathTricks(req: PathTrickRequest): void {
  const refuse = (where: string, value: string, reason: string) => {
    throw new InvalidParameterError(
      `Invalid ${where} ${JSON.stringify(value.slice(0, 200))}: ${reason} is not allowed`,
    );
  };
  const rawPath = req.originalUrl.split('?')[0];
  // MLflow's multipart upload sends the client's own file path as `path`; only its file name is
  // used, checked as an artifact path by the handler (a Windows path has backslashes, any is absolute).
  const clientFilePath = /\/mlflow-artifacts\/mpu\/(create|complete|abort)\//.test(rawPath);
  const urlTrick = pathTrickOf(rawPath, { absoluteAllowed: true });
  if (urlTrick) refuse('URL path', rawPath, urlTrick);
  for (const [name, value] of Object.entries(req.params ?? {})) {
    // Express decodes each segment once: a segment that still holds a slash was an encoded one.
    for (const segment of Array.isArray(value) ? value : [value]) {
      if (typeof segment !== 'string') continue;
      // `a//b.txt` in a wildcard: an empty segment, refused as in a `path` field.
      if (Array.isArray(value) && segment === '')
        refuse(`path parameter ${name}`, value.join('/'), "an empty segment ('//')");
      if (segment.includes('/') || segment.includes('\\'))
        refuse(`path parameter ${name}`, segment, 'an encoded separator');
      const trick = pathTrickOf(segment, { absoluteAllowed: false });
      if (trick) refuse(`path parameter ${name}`, segment, trick);
    }
  }
  for (const source of [req.query, req.body]) {
    if (typeof source !== 'object' || source === null || Array.isArray(source)) continue;
    for (const field of PATH_FIELDS) {
      if (clientFilePath && source === req.body && field === 'path') continue;
      const raw = (source as Record<string, unknown>)[field];
      for (const value of Array.isArray(raw) ? raw : [raw]) {
        if (typeof value !== 'string') continue;
        // Artifact paths are relative; URIs and dataset locations may be absolute (the services decide where).
        const relative = field === 'path' || field === 'artifact_path';
        const trick = pathTrickOf(value, { absoluteAllowed: !relative });
        if (trick) refuse(field, value, trick);
        // An empty segment in a relative path is where an encoded absolute one was glued on.
        if (relative && decodings(value).some((form) => form.includes('//')))
          refuse(field, value, "an empty segment ('//')");
      }
    }
  }
}
