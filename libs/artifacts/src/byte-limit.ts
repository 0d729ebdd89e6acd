import { pipeline, Readable, Transform } from 'node:stream';

/**
 * Counts the bytes going through and fails the stream past `limit`, so a write fed by it is
 * abandoned (the repository never renames half a file into place). `tooLarge` makes the error,
 * so each caller keeps its own error type (the gateway's is HTTP 413).
 */
export function byteLimit(limit: number, tooLarge: () => Error) {
  let total = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > limit) callback(tooLarge());
      else callback(null, chunk);
    },
  });
  return { stream, bytes: () => total };
}

/**
 * `source` through `transforms`, as one readable: an error anywhere (the limit, a client that hangs
 * up) destroys the whole chain, so whoever reads the end sees it (`.pipe()` would leave it waiting).
 */
export function chained(source: Readable, ...transforms: Transform[]): Readable {
  if (transforms.length === 0) return source;
  return pipeline(source, ...(transforms as [Transform, ...Transform[]]), () => undefined) as unknown as Readable;
}
