import { isAbsolute, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InvalidParameterError } from '@llmops/contract';
import { safeArtifactPath } from './artifact-path';

/** The scheme of an artifact URI (`file`, `s3`...), lower case. */
export function artifactUriScheme(uri: string): string {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri);
  if (!match) throw new InvalidParameterError(`Artifact URI ${JSON.stringify(uri)} has no scheme (e.g. file:///dir)`);
  return match[1].toLowerCase();
}

/** Appends a relative path (checked) to an artifact URI: `file:///a` + `b/c` = `file:///a/b/c`. */
export function appendToArtifactUri(uri: string, relativePath: string): string {
  const safe = safeArtifactPath(relativePath);
  if (safe === '') return uri;
  return `${uri.replace(/\/+$/, '')}/${safe.split('/').map(encodeURIComponent).join('/')}`;
}

export function fileUriToPath(uri: string): string {
  if (artifactUriScheme(uri) !== 'file') throw new InvalidParameterError(`Not a file:// URI: ${uri}`);
  try {
    return fileURLToPath(uri);
  } catch (error) {
    throw new InvalidParameterError(`Invalid file URI ${JSON.stringify(uri)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

export function pathToFileUri(path: string): string {
  if (!isAbsolute(path)) throw new InvalidParameterError(`Artifact root must be an absolute path, got ${path}`);
  return pathToFileURL(path).href.replace(/\/+$/, '');
}

/**
 * Whether `uri` is the root or inside it (same scheme; for file:// after resolving `..`, however
 * spelled). Lets a service refuse user-chosen locations that would put artifacts elsewhere.
 */
export function isWithinArtifactRoot(rootUri: string, uri: string): boolean {
  const scheme = artifactUriScheme(rootUri);
  if (artifactUriScheme(uri) !== scheme) return false;
  if (scheme === 'file') {
    let root: string;
    let path: string;
    try {
      root = resolve(fileUriToPath(rootUri));
      path = resolve(fileUriToPath(uri));
    } catch {
      return false;
    }
    return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
  }
  const base = rootUri.replace(/\/+$/, '');
  return !/(^|\/)\.\.?(\/|$)|%2e|%2f|\\/i.test(uri.slice(base.length)) && (uri === base || uri.startsWith(`${base}/`));
}
