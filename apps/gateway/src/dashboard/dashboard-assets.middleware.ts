import { createReadStream, existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import type { NextFunction, Request, Response } from 'express';

/**
 * The dashboard's pages (first path segment): a GET of any of them answers `index.html`, and the
 * app's router shows the page. Nothing else falls back to the app, so an unknown API route is
 * still the API's 404 (and every API route still needs a token): `/api`, `/ajax-api`, `/docs`,
 * `/healthz`, `/readyz`, `/metrics`, `/v1` never reach the dashboard.
 */
export const DASHBOARD_PAGES = [
  '',
  'signin',
  'experiments',
  'runs',
  'compare',
  'models',
  'batch',
  'traces',
  'health',
  'admin',
] as const;

/**
 * What the dashboard may load: its own scripts, styles, images and fonts, and the gateway's API
 * (same origin). No inline script or style, no eval, no framing, no plugins, no other origin.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Files at the root of the build that are served as they are (everything else is under assets/). */
const ROOT_FILES = new Set(['favicon.svg', 'robots.txt']);

/** The built dashboard next to the sources (`apps/dashboard/dist`), or null when it is not built. */
export function defaultDashboardDir(): string | null {
  const dir = resolve(__dirname, '../../../dashboard/dist');
  return existsSync(join(dir, 'index.html')) ? dir : null;
}

/**
 * Serves the dashboard, before authentication: its static files are public (the data is not: the
 * app calls the API with the user's token). Only GET and HEAD; only files of the build's `assets/`
 * folder (and a few root files) and `index.html` for the dashboard's pages; no directory listing;
 * a path that decodes to anything but plain segments, or resolves (after symlinks) outside the
 * build, is not served. Everything else goes on to the API untouched.
 */
export function dashboardAssets(dir: string | null, options: { authentication: 'on' | 'off' }) {
  const root = dir ? realpathSync(dir) : null;
  // The page says whether to show a sign-in form, so the app never has to learn it from a 401.
  const meta = `<meta name="llmops-authentication" content="${options.authentication === 'off' ? 'off' : 'on'}" />`;
  return (req: Request, res: Response, next: NextFunction): void => {
    if (root === null || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    const parts = req.path.replace(/^\//, '').split('/');
    const first = parts[0];
    if (first === 'assets' || (parts.length === 1 && ROOT_FILES.has(first))) {
      // A file: plain segments only, and a missing one is a 404 of its own, never the app's page
      // (a script tag would get HTML).
      const segments = plainSegments(parts);
      const file = segments && (first !== 'assets' || segments.length > 1) ? fileUnder(root, segments) : null;
      if (file === null) return notFound(res);
      return send(req, res, file, first === 'assets');
    }
    if ((DASHBOARD_PAGES as readonly string[]).includes(first)) {
      // A page: the app's index whatever follows (ids, names); no file is read from the path.
      const index = fileUnder(root, ['index.html']);
      if (index === null) return next();
      return sendPage(req, res, index, meta);
    }
    next();
  };
}

/** The segments once percent-decoded, or null when any is empty, hidden, `..` or not plain. */
function plainSegments(parts: string[]): string[] | null {
  const segments: string[] = [];
  for (const part of parts) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(part);
    } catch {
      return null;
    }
    // `%` left after decoding is a double encoding (%252e%252e): a trick, not a file name.
    if (decoded === '' || decoded.startsWith('.') || /[\\/%:\x00-\x1f\x7f]/.test(decoded)) return null;
    segments.push(decoded);
  }
  return segments;
}

/** The regular file the segments name inside root, after symlinks; null when none is there. */
function fileUnder(root: string, segments: string[]): string | null {
  const candidate = join(root, ...segments);
  try {
    const real = realpathSync(candidate);
    if (!real.startsWith(root + sep)) return null;
    return statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}

function setHeaders(res: Response, file: string, immutable: boolean): void {
  res.locals.dashboard = true;
  res.status(200);
  res.setHeader('content-type', CONTENT_TYPES[extname(file)] ?? 'application/octet-stream');
  res.setHeader('content-security-policy', DASHBOARD_CSP);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('referrer-policy', 'no-referrer');
  // Built assets have content hashes in their names; the page itself must always be revalidated.
  res.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
}

function send(req: Request, res: Response, file: string, immutable: boolean): void {
  setHeaders(res, file, immutable);
  res.setHeader('content-length', String(statSync(file).size));
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

function sendPage(req: Request, res: Response, file: string, meta: string): void {
  const html = Buffer.from(readFileSync(file, 'utf8').replace('</head>', `  ${meta}\n  </head>`));
  setHeaders(res, file, false);
  res.setHeader('content-length', String(html.length));
  res.end(req.method === 'HEAD' ? undefined : html);
}

function notFound(res: Response): void {
  res.locals.dashboard = true;
  res.status(404);
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.setHeader('content-security-policy', DASHBOARD_CSP);
  res.end('Not found');
}
