import { DeltaLogCorruptedError } from '../errors';
import { DeltaAction } from './actions';

const KNOWN_ACTIONS = ['protocol', 'metaData', 'add', 'remove', 'txn', 'commitInfo'] as const;

/** One action per line, newline-terminated, as the protocol's "Delta Log Entries" require. */
export function encodeCommit(actions: readonly DeltaAction[]): Uint8Array {
  return new TextEncoder().encode(actions.map((a) => JSON.stringify(a)).join('\n') + '\n');
}

/**
 * Parses a commit file. A line that is not a JSON object is corruption and fails with the file
 * and line; actions of kinds this library does not use (cdc, domainMetadata...) are skipped.
 */
export function decodeCommit(bytes: Uint8Array, file: string): DeltaAction[] {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const actions: DeltaAction[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (cause) {
      throw new DeltaLogCorruptedError(`Delta log file ${file} is corrupt: line ${i + 1} is not valid JSON`, file, {
        cause,
      });
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new DeltaLogCorruptedError(`Delta log file ${file} is corrupt: line ${i + 1} is not a JSON object`, file);
    }
    const kind = KNOWN_ACTIONS.find((k) => k in parsed);
    if (!kind) continue;
    const body = (parsed as Record<string, unknown>)[kind];
    if (body === null || typeof body !== 'object') {
      throw new DeltaLogCorruptedError(`Delta log file ${file} is corrupt: line ${i + 1} has an empty ${kind}`, file);
    }
    actions.push(parsed as DeltaAction);
  }
  if (actions.length === 0) {
    throw new DeltaLogCorruptedError(`Delta log file ${file} is corrupt: it holds no actions`, file);
  }
  return actions;
}
