import { InvalidParameterError } from '@llmops/contract';
import { safeArtifactPath } from './artifact-path';
import { appendToArtifactUri, artifactUriScheme } from './artifact-uri';

/**
 * MLflow's served-artifacts scheme (`mlflow server --serve-artifacts`, the default since 2.0): a
 * location in the server's own artifact store, which clients reach through the server's proxy
 * (`/api/2.0/mlflow-artifacts/artifacts/<path>`), never through a path on the server's disk.
 */
export const SERVED_ARTIFACTS_SCHEME = 'mlflow-artifacts';

/** `mlflow-artifacts:/<path>` for a relative path in the store ('' = the store's root). */
export function servedArtifactUri(path: string): string {
  return `${SERVED_ARTIFACTS_SCHEME}:/${safeArtifactPath(path)}`;
}

/**
 * The path inside the store of a served-artifacts URI (checked by `safeArtifactPath`), or undefined
 * when the URI has another scheme. MLflow writes `mlflow-artifacts:/p`; clients may also add a
 * host (`mlflow-artifacts://host:5000/p`), which names the server and is not part of the path.
 */
export function servedArtifactPath(uri: string): string | undefined {
  if (artifactUriScheme(uri) !== SERVED_ARTIFACTS_SCHEME) return undefined;
  let rest = uri.slice(SERVED_ARTIFACTS_SCHEME.length + 1);
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    rest = slash < 0 ? '' : rest.slice(slash);
  }
  if (rest !== '' && !rest.startsWith('/')) {
    throw new InvalidParameterError(
      `Invalid ${SERVED_ARTIFACTS_SCHEME} URI ${JSON.stringify(uri)}: expected ${SERVED_ARTIFACTS_SCHEME}:/<path>`,
    );
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest.replace(/^\/+/, ''));
  } catch {
    throw new InvalidParameterError(`Invalid percent-encoding in ${JSON.stringify(uri)}`);
  }
  return safeArtifactPath(decoded, 'location');
}

/**
 * Where the platform's artifact store is (`ARTIFACT_ROOT`, MLflow's `--artifacts-destination`),
 * and so where a served-artifacts URI's bytes are: `mlflow-artifacts:/<p>` is `<root>/<p>`. Every
 * other URI is already a storage URI. This is the one mapping between the two; the tracking
 * service owns it (it owns ARTIFACT_ROOT) and answers storage URIs to the other services.
 */
export class ArtifactStoreRoot {
  readonly rootUri: string;

  constructor(rootUri: string) {
    artifactUriScheme(rootUri);
    this.rootUri = rootUri.replace(/\/+$/, '');
  }

  /** The storage URI of a location: served URIs map into the root, any other URI is returned as is. */
  storageUriOf(uri: string): string {
    const path = servedArtifactPath(uri);
    return path === undefined ? uri : appendToArtifactUri(this.rootUri, path);
  }

  /**
   * The served URI of a storage URI inside the root (`<root>/<p>` is `mlflow-artifacts:/<p>`), or
   * undefined when it lies elsewhere (e.g. a location given explicitly outside the store).
   */
  servedUriOf(uri: string): string | undefined {
    if (servedArtifactPath(uri) !== undefined) return uri;
    const base = `${this.rootUri}/`;
    if (uri === this.rootUri) return servedArtifactUri('');
    if (!uri.startsWith(base)) return undefined;
    let rest: string;
    try {
      rest = decodeURIComponent(uri.slice(base.length));
    } catch {
      return undefined;
    }
    try {
      return servedArtifactUri(rest);
    } catch {
      return undefined;
    }
  }
}
