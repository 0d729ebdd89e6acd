import { InvalidParameterError } from '@llmops/contract';
import { fileURLToPath } from 'node:url';
import { LocalTableStorage } from './local-table-storage';
import { TableStorage } from './table-storage';

/**
 * Picks the storage for a table URI by scheme: `file:///abs/path` or a plain (relative or absolute)
 * path. Object stores (s3://, gs://...) need a put-if-absent primitive and are not implemented.
 */
export function openTableStorage(uri: string): TableStorage {
  if (!uri) throw new InvalidParameterError('a table URI is required');
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(uri)?.[1]?.toLowerCase();
  if (scheme === undefined) return new LocalTableStorage(uri);
  if (scheme === 'file') return new LocalTableStorage(fileURLToPath(uri));
  throw new InvalidParameterError(`unsupported table URI scheme ${scheme}:// (use file:// or a plain path)`);
}
