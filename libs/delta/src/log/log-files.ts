/** Names of the files in `_delta_log/`, per the Delta protocol. */

export const LOG_DIR = '_delta_log';
export const LAST_CHECKPOINT_FILE = `${LOG_DIR}/_last_checkpoint`;

const COMMIT_RE = /^(\d{20})\.json$/;
const CHECKPOINT_RE = /^(\d{20})\.checkpoint\.parquet$/;

export function padVersion(version: number): string {
  return String(version).padStart(20, '0');
}

export function commitPath(version: number): string {
  return `${LOG_DIR}/${padVersion(version)}.json`;
}

export function checkpointPath(version: number): string {
  return `${LOG_DIR}/${padVersion(version)}.checkpoint.parquet`;
}

/** The version of a commit file name (`00000000000000000012.json` -> 12), else null. */
export function parseCommitName(name: string): number | null {
  const m = COMMIT_RE.exec(name);
  return m ? Number(m[1]) : null;
}

/** The version of a classic single-file checkpoint name, else null (multi-part/V2 are not read). */
export function parseCheckpointName(name: string): number | null {
  const m = CHECKPOINT_RE.exec(name);
  return m ? Number(m[1]) : null;
}
