/** A replica saying it is up (see `SUBJECTS.presence.events.heartbeat`). */
export interface ReplicaHeartbeat {
  /** The service's queue group (e.g. `inference`, `batch-orchestrator`). */
  service: string;
  /** Identifies the replica: host and process (`host:pid`). */
  replica: string;
  /** Epoch ms the replica started, and of this heartbeat. */
  started_at: number;
  at: number;
  /** When the next heartbeat is due: a replica silent for three intervals is taken as gone. */
  interval_ms: number;
}

export const PRESENCE_DEFAULTS = {
  intervalMs: 5_000,
  /** Missed heartbeats after which a replica no longer counts. */
  missedBeforeGone: 3,
} as const;
