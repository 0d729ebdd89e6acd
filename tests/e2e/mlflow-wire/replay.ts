import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Answer, call } from '../security/harness';

/**
 * Replays wire-level fixtures of MLflow's REST API: each fixture is a sequence of HTTP requests as
 * MLflow's clients send them (or as `service.proto` and the REST docs define them) with the answers
 * they expect. Values flow between steps through placeholders:
 *
 * - in requests, `{{name}}` is replaced by a value captured earlier and `{{suffix}}` by a value
 *   unique to this replay (so fixtures can create named things on a shared database);
 * - in expected answers, `{{$capture:name}}` matches anything and keeps it as `name`, `{{name}}`
 *   must equal the captured value, `{{$any}}`, `{{$string}}`, `{{$number}}` and
 *   `{{$regex:<pattern>}}` match as they say. Strings may mix text and placeholders
 *   (`"runs:/{{run_id}}/model"`).
 *
 * Objects match when every expected key matches (extra keys are allowed, as MLflow's clients ignore
 * them) unless the expected object has `"$exact": true`; arrays match element by element, same length.
 *
 * A request's `path` may be a whole URL the server handed out earlier (e.g. a multipart upload's part
 * URL, `"{{part_url}}"`): it must point at the server under test, and is sent there as is. A request
 * with `"auth": false` goes without the caller's credentials (as MLflow's client sends parts).
 */
export interface WireRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[]>;
  /** JSON body. */
  body?: unknown;
  /** A raw body (e.g. artifact bytes), sent as is. */
  bodyText?: string;
  bodyBase64?: string;
  /**
   * A binary body in hex, placeholders substituted first (e.g. an OTLP protobuf export whose
   * 16-byte trace id is `{{trace}}`, a `random` value of the same length).
   */
  bodyHex?: string;
  headers?: Record<string, string>;
  /** false: sent without the caller's credentials. */
  auth?: false;
}

export interface WireResponse {
  status: number;
  body?: unknown;
  /** The raw body (non-JSON answers such as artifact downloads). */
  bodyText?: string;
  headers?: Record<string, string>;
}

export interface WireStep {
  name: string;
  request: WireRequest;
  response: WireResponse;
}

export interface WireFixture {
  description: string;
  /** Where the shapes come from: the client version it was recorded from, or the proto/doc. */
  source: string;
  /** Whose credentials the steps send (a role of the replaying world, e.g. `approver`); default the developer. */
  user?: string;
  /**
   * Values unique to each replay, as `name: hex length` (e.g. an OpenTelemetry trace id, 32): each
   * is available as `{{name}}` and, in base64 of its bytes (as protobuf JSON writes bytes), as
   * `{{name_b64}}`. Ids that are global keys (trace ids) must not repeat across replays.
   */
  random?: Record<string, number>;
  steps: WireStep[];
}

export interface LoadedFixture extends WireFixture {
  file: string;
}

/** Every `*.json` fixture under `dir`, sorted by path. */
export function loadFixtures(dir: string): LoadedFixture[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.json')) files.push(full);
    }
  };
  walk(dir);
  return files.map((file) => ({
    ...(JSON.parse(readFileSync(file, 'utf8')) as WireFixture),
    file: relative(dir, file),
  }));
}

const PLACEHOLDER = /\{\{([^}]+)\}\}/g;

function substitute(value: unknown, vars: Map<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = /^\{\{([^}]+)\}\}$/.exec(value);
    if (whole && vars.has(whole[1]) && typeof vars.get(whole[1]) !== 'string') return vars.get(whole[1]);
    return value.replace(PLACEHOLDER, (m, name: string) => {
      if (!vars.has(name)) throw new Error(`placeholder {{${name}}} has no captured value`);
      return String(vars.get(name));
    });
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars)]));
  }
  return value;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Matches `actual` against `expected`; returns the mismatches (empty when it matches). */
export function matchValue(expected: unknown, actual: unknown, vars: Map<string, unknown>, at = '$'): string[] {
  if (typeof expected === 'string' && expected.includes('{{')) {
    const whole = /^\{\{([^}]+)\}\}$/.exec(expected);
    if (whole) {
      const token = whole[1];
      if (token === '$any') return actual === undefined ? [`${at}: missing`] : [];
      if (token === '$string')
        return typeof actual === 'string' ? [] : [`${at}: expected a string, got ${show(actual)}`];
      if (token === '$number') {
        const ok =
          typeof actual === 'number' || (typeof actual === 'string' && actual !== '' && !isNaN(Number(actual)));
        return ok ? [] : [`${at}: expected a number, got ${show(actual)}`];
      }
      if (token.startsWith('$capture:')) {
        if (actual === undefined) return [`${at}: missing (to capture as ${token.slice(9)})`];
        vars.set(token.slice(9), actual);
        return [];
      }
      if (token.startsWith('$regex:')) {
        return typeof actual === 'string' && new RegExp(token.slice(7)).test(actual)
          ? []
          : [`${at}: ${show(actual)} does not match /${token.slice(7)}/`];
      }
      if (!vars.has(token)) return [`${at}: {{${token}}} was never captured`];
      return JSON.stringify(vars.get(token)) === JSON.stringify(actual)
        ? []
        : [`${at}: expected ${show(vars.get(token))} ({{${token}}}), got ${show(actual)}`];
    }
    // Text with embedded placeholders: every placeholder must already be captured.
    const pattern =
      '^' +
      expected
        .split(PLACEHOLDER)
        .map((part, i) => (i % 2 ? escapeRegex(String(lookup(part, vars))) : escapeRegex(part)))
        .join('') +
      '$';
    return typeof actual === 'string' && new RegExp(pattern).test(actual)
      ? []
      : [`${at}: expected ${show(substitute(expected, vars))}, got ${show(actual)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${at}: expected an array, got ${show(actual)}`];
    if (actual.length !== expected.length)
      return [`${at}: expected ${expected.length} items, got ${actual.length}: ${show(actual)}`];
    return expected.flatMap((e, i) => matchValue(e, actual[i], vars, `${at}[${i}]`));
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual))
      return [`${at}: expected an object, got ${show(actual)}`];
    const exp = expected as Record<string, unknown>;
    const act = actual as Record<string, unknown>;
    const problems = Object.entries(exp)
      .filter(([k]) => k !== '$exact')
      .flatMap(([k, v]) => matchValue(v, act[k], vars, `${at}.${k}`));
    if (exp.$exact === true) {
      for (const k of Object.keys(act)) if (!(k in exp)) problems.push(`${at}.${k}: not expected (exact object)`);
    }
    return problems;
  }
  return JSON.stringify(expected) === JSON.stringify(actual)
    ? []
    : [`${at}: expected ${show(expected)}, got ${show(actual)}`];
}

function lookup(name: string, vars: Map<string, unknown>): unknown {
  if (!vars.has(name)) throw new Error(`placeholder {{${name}}} has no captured value`);
  return vars.get(name);
}

const show = (v: unknown) => {
  const text = JSON.stringify(v);
  return text === undefined ? 'undefined' : text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

function pathWithQuery(request: WireRequest, vars: Map<string, unknown>, baseUrl: string): string {
  let path = substitute(request.path, vars) as string;
  if (/^https?:\/\//.test(path)) {
    const url = new URL(path);
    if (url.host !== new URL(baseUrl).host) throw new Error(`${path} does not point at the server under test`);
    path = `${url.pathname}${url.search}`;
  }
  if (!request.query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(substitute(request.query, vars) as Record<string, string | string[]>)) {
    for (const one of Array.isArray(v) ? v : [v]) params.append(k, String(one));
  }
  return `${path}${path.includes('?') ? '&' : '?'}${params.toString()}`;
}

/**
 * Runs one fixture against `baseUrl` with `auth` (an Authorization header value, or undefined; or
 * one per user, chosen by the fixture's `user`). Throws with every mismatch of the first failing step.
 */
export async function replay(
  fixture: LoadedFixture,
  baseUrl: string,
  credentials: string | undefined | ((user: string | undefined) => string | undefined),
  suffix: string,
) {
  const auth = typeof credentials === 'function' ? credentials(fixture.user) : credentials;
  const vars = new Map<string, unknown>([['suffix', suffix]]);
  for (const [name, length] of Object.entries(fixture.random ?? {})) {
    const hex = randomBytes(Math.ceil(length / 2))
      .toString('hex')
      .slice(0, length);
    vars.set(name, hex);
    vars.set(`${name}_b64`, Buffer.from(hex, 'hex').toString('base64'));
  }
  for (const [i, step] of fixture.steps.entries()) {
    const { request, response } = step;
    const body =
      request.bodyHex !== undefined
        ? Buffer.from(substitute(request.bodyHex, vars) as string, 'hex')
        : request.bodyBase64 !== undefined
          ? Buffer.from(request.bodyBase64, 'base64')
          : request.bodyText !== undefined
            ? Buffer.from(substitute(request.bodyText, vars) as string)
            : request.body === undefined
              ? undefined
              : substitute(request.body, vars);
    const headers = (substitute(request.headers ?? {}, vars) as Record<string, string>) ?? {};
    if (Buffer.isBuffer(body) && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/octet-stream';
    }
    const answer: Answer = await call(
      baseUrl,
      request.method,
      pathWithQuery(request, vars, baseUrl),
      request.auth === false ? undefined : auth,
      body,
      headers,
    );
    const problems: string[] = [];
    if (answer.status !== response.status) problems.push(`status: expected ${response.status}, got ${answer.status}`);
    if (response.body !== undefined) problems.push(...matchValue(response.body, answer.body, vars));
    if (response.bodyText !== undefined) problems.push(...matchValue(response.bodyText, answer.text, vars, '$text'));
    for (const [name, value] of Object.entries(response.headers ?? {})) {
      problems.push(...matchValue(value, answer.headers[name.toLowerCase()], vars, `header ${name}`));
    }
    if (problems.length > 0) {
      throw new Error(
        `${fixture.file}, step ${i + 1} "${step.name}" (${request.method} ${request.path}):\n  ` +
          problems.join('\n  ') +
          `\n  answer: ${answer.status} ${answer.text.slice(0, 500)}`,
      );
    }
  }
}
