import { InvalidParameterError } from '@llmops/contract';
import { ArtifactRepository } from './artifact-repository';
import { artifactUriScheme } from './artifact-uri';
import { LocalArtifactRepository } from './local/local-artifact.repository';

export type ArtifactRepositoryConstructor = (rootUri: string) => ArtifactRepository;

/**
 * Chooses the artifact store implementation by URI scheme. `file` is built in; other schemes
 * (s3, gs...) can be registered without touching callers.
 */
export class ArtifactRepositoryFactory {
  private readonly byScheme = new Map<string, ArtifactRepositoryConstructor>([
    ['file', (uri) => new LocalArtifactRepository(uri)],
  ]);

  register(scheme: string, create: ArtifactRepositoryConstructor): this {
    this.byScheme.set(scheme.toLowerCase(), create);
    return this;
  }

  supports(uri: string): boolean {
    return this.byScheme.has(artifactUriScheme(uri));
  }

  forUri(rootUri: string): ArtifactRepository {
    const scheme = artifactUriScheme(rootUri);
    const create = this.byScheme.get(scheme);
    if (!create) {
      throw new InvalidParameterError(
        `Unsupported artifact URI scheme '${scheme}' in ${rootUri} (supported: ${[...this.byScheme.keys()].join(', ')})`,
      );
    }
    return create(rootUri);
  }
}

/** The repository for a root URI with the built-in schemes. */
export function artifactRepositoryFor(rootUri: string): ArtifactRepository {
  return new ArtifactRepositoryFactory().forUri(rootUri);
}
