import type { Schemas } from '../../api/client';

type Entry = Schemas['HistoryEntryView'];

export interface Segment {
  /** `stage:Production`, `alias:champion`. */
  lane: string;
  version: string;
  start: number;
  /** null while it still holds. */
  end: number | null;
  /** Row within the lane (versions that overlap, e.g. two in Staging, get rows of their own). */
  row: number;
}

export interface Lane {
  id: string;
  label: string;
  rows: number;
}

const STAGE_LANES = ['Production', 'Staging'];

/**
 * Who held each stage and alias when, from the registry's history (stage transitions, alias moves,
 * deleted versions): the data of the timeline and of "what was in Production on date X".
 */
export function timelineOf(entries: Entry[]): { lanes: Lane[]; segments: Segment[]; from: number | null } {
  const sorted = entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.timestamp - b.entry.timestamp || a.index - b.index)
    .map((x) => x.entry);
  const open = new Map<string, { lane: string; version: string; start: number }>();
  const closed: Array<Omit<Segment, 'row'>> = [];
  const key = (lane: string, version: string) => `${lane}\u0000${version}`;
  const close = (lane: string, version: string | null, at: number) => {
    if (version === null) return;
    const k = key(lane, version);
    const segment = open.get(k);
    if (segment) {
      closed.push({ ...segment, end: at });
      open.delete(k);
    }
  };
  const start = (lane: string, version: string, at: number) => {
    const k = key(lane, version);
    if (!open.has(k)) open.set(k, { lane, version, start: at });
  };
  for (const e of sorted) {
    if (e.action === 'stage_transition' || e.action === 'version_deleted') {
      if (e.from_stage) close(`stage:${e.from_stage}`, e.version, e.timestamp);
      if (e.action === 'stage_transition' && e.to_stage) start(`stage:${e.to_stage}`, e.version, e.timestamp);
      if (e.action === 'version_deleted') {
        for (const s of [...open.values()].filter((s) => s.version === e.version))
          close(s.lane, s.version, e.timestamp);
      }
    } else if (e.action === 'alias_set' && e.alias) {
      close(`alias:${e.alias}`, e.previous_version, e.timestamp);
      for (const s of [...open.values()].filter((s) => s.lane === `alias:${e.alias}`))
        close(s.lane, s.version, e.timestamp);
      start(`alias:${e.alias}`, e.version, e.timestamp);
    } else if (e.action === 'alias_deleted' && e.alias) {
      for (const s of [...open.values()].filter((s) => s.lane === `alias:${e.alias}`))
        close(s.lane, s.version, e.timestamp);
    }
  }
  const all = [...closed, ...[...open.values()].map((s) => ({ ...s, end: null }))].filter(
    (s) => s.lane.startsWith('alias:') || STAGE_LANES.includes(s.lane.slice('stage:'.length)),
  );
  const laneIds = [
    ...STAGE_LANES.map((s) => `stage:${s}`),
    ...[...new Set(all.filter((s) => s.lane.startsWith('alias:')).map((s) => s.lane))].sort(),
  ];
  const segments: Segment[] = [];
  const lanes: Lane[] = laneIds.map((id) => {
    const mine = all.filter((s) => s.lane === id).sort((a, b) => a.start - b.start);
    const rowEnds: number[] = [];
    for (const s of mine) {
      let row = rowEnds.findIndex((end) => end <= s.start);
      if (row < 0) row = rowEnds.push(0) - 1;
      rowEnds[row] = s.end ?? Infinity;
      segments.push({ ...s, row });
    }
    return { id, label: id.startsWith('stage:') ? id.slice(6) : `@${id.slice(6)}`, rows: Math.max(1, rowEnds.length) };
  });
  return { lanes, segments, from: sorted.length ? sorted[0].timestamp : null };
}

/** The versions holding a lane at a time, from the timeline (the API's `at` query is the authority). */
export function heldAt(segments: Segment[], lane: string, at: number): string[] {
  return segments
    .filter((s) => s.lane === lane && s.start <= at && (s.end === null || s.end > at))
    .map((s) => s.version)
    .sort((a, b) => Number(a) - Number(b));
}

/** The gate decision a history entry recorded (a gated promotion or an override), if any. */
export function gateDecisionOf(entry: Entry): Schemas['GateDecisionView'] | null {
  const decision = (entry.evaluation as { gate_decision?: unknown } | null)?.gate_decision;
  return typeof decision === 'object' && decision !== null ? (decision as Schemas['GateDecisionView']) : null;
}

/** The version a rollback would bring back: the latest one promoted before those in Production now. */
export function rollbackTarget(
  versions: Schemas['ModelVersionView'][],
  entries: Entry[],
): { from: string[]; to: string } | null {
  const current = versions.filter((v) => v.current_stage === 'Production').map((v) => v.version);
  const existing = new Set(versions.map((v) => v.version));
  const previous = entries
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => entry.action === 'stage_transition' && entry.to_stage === 'Production')
    .sort((a, b) => b.entry.timestamp - a.entry.timestamp || b.index - a.index)
    .find(({ entry }) => !current.includes(entry.version) && existing.has(entry.version));
  return previous ? { from: current, to: previous.entry.version } : null;
}
