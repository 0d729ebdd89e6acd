import { mkdirSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { DataKind, MOUNT_NAME } from './data-names';

/** Where the data of one kind lives: the default root (names without a mount) or a mount. */
export interface DataRoot {
  kind: DataKind;
  /** null for the default root; else the first segment of the names under this root. */
  mount: string | null;
  /** As configured (absolute). */
  path: string;
  /** After symlinks, at boot: every location under this root must stay under it. */
  realPath: string;
}

/** The settings every process that touches datasets or tables reads (validated at boot). */
export interface DataRootsSettings {
  /** `LLMOPS_DATA_DIR`: the default roots are `<dir>/datasets` and `<dir>/tables` (created if missing). */
  dataDir: string;
  /** `BATCH_DATASET_ROOTS`: extra dataset roots, `mount=/abs/path` comma separated (must exist). */
  datasetRoots?: string;
  /** `BATCH_TABLE_ROOTS`: extra table roots, same syntax. */
  tableRoots?: string;
}

export class DataRootsConfigError extends Error {}

export const DEFAULT_ROOT_DIRS: Record<DataKind, string> = { dataset: 'datasets', table: 'tables' };

export function isWithin(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** `mount=/abs/path,...` to mounts; every problem named at once. */
export function parseMounts(kind: DataKind, value: string | undefined, problems: string[]): Array<[string, string]> {
  const variable = kind === 'dataset' ? 'BATCH_DATASET_ROOTS' : 'BATCH_TABLE_ROOTS';
  const entries = (value ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const mounts: Array<[string, string]> = [];
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const mount = eq < 0 ? '' : entry.slice(0, eq).trim();
    const path = eq < 0 ? '' : entry.slice(eq + 1).trim();
    if (!MOUNT_NAME.test(mount)) {
      problems.push(`${variable}: '${entry}' must be mount=/absolute/path with a mount of a-z, 0-9, _ or -`);
    } else if (!isAbsolute(path)) {
      problems.push(`${variable}: the path of mount '${mount}' must be absolute`);
    } else if (mounts.some(([m]) => m === mount)) {
      problems.push(`${variable}: mount '${mount}' is listed twice`);
    } else {
      mounts.push([mount, resolve(path)]);
    }
  }
  return mounts;
}

/**
 * The roots of both kinds, checked once at boot: default roots are created, extra roots must be
 * existing directories, and no root may hold another (of either kind): one file with two names
 * would have two sets of permissions, and a table inside a dataset root would be readable as data.
 */
export function loadDataRoots(settings: DataRootsSettings): DataRoot[] {
  const problems: string[] = [];
  if (!settings.dataDir) problems.push('LLMOPS_DATA_DIR must be set');
  const roots: DataRoot[] = [];
  const add = (kind: DataKind, mount: string | null, path: string, create: boolean) => {
    try {
      if (create) mkdirSync(path, { recursive: true });
      if (!statSync(path).isDirectory()) {
        problems.push(`${path} (${kind} root${mount ? ` '${mount}'` : ''}) is not a directory`);
        return;
      }
      roots.push({ kind, mount, path, realPath: realpathSync(path) });
    } catch (error) {
      problems.push(
        `${path} (${kind} root${mount ? ` '${mount}'` : ''}) cannot be used: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
  };
  const dataDir = settings.dataDir ? resolve(settings.dataDir) : '';
  for (const kind of ['dataset', 'table'] as DataKind[]) {
    if (dataDir) add(kind, null, join(dataDir, DEFAULT_ROOT_DIRS[kind]), true);
    const mounts = parseMounts(kind, kind === 'dataset' ? settings.datasetRoots : settings.tableRoots, problems);
    for (const [mount, path] of mounts) add(kind, mount, path, false);
  }
  for (let i = 0; i < roots.length; i++) {
    for (let j = i + 1; j < roots.length; j++) {
      const [a, b] = [roots[i], roots[j]];
      if (isWithin(a.realPath, b.realPath) || isWithin(b.realPath, a.realPath)) {
        problems.push(`${describe(a)} and ${describe(b)} overlap: roots must be disjoint directories`);
      }
    }
  }
  if (problems.length > 0) throw new DataRootsConfigError(`Invalid data roots:\n  - ${problems.join('\n  - ')}`);
  return roots;
}

function describe(root: DataRoot): string {
  return `${root.kind} root ${root.mount ? `'${root.mount}' ` : ''}${root.path}`;
}
