import { hostname } from 'node:os';
import { PRESENCE_DEFAULTS, ReplicaHeartbeat, SUBJECTS } from '@llmops/contract';
import { RpcClient } from '../rpc-client';

/** `PRESENCE_INTERVAL_MS` (default 5 s; 0 turns heartbeats off). */
export function presenceIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.PRESENCE_INTERVAL_MS;
  if (raw === undefined || raw === '') return PRESENCE_DEFAULTS.intervalMs;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`PRESENCE_INTERVAL_MS must be a whole number of milliseconds (0 = off), got '${raw}'`);
  }
  return value;
}

/** This process as a replica: host and pid (what the inference health answer calls its replica). */
export const replicaId = (): string => `${hostname()}:${process.pid}`;

/**
 * Publishes `SUBJECTS.presence.events.heartbeat` for a service now and every `intervalMs` until
 * stopped. A lost heartbeat costs nothing: the next one follows.
 */
export function startHeartbeat(
  rpc: RpcClient,
  service: string,
  intervalMs: number,
  now: () => number = Date.now,
): { stop(): void } {
  const started = now();
  const replica = replicaId();
  const beat = () => {
    const heartbeat: ReplicaHeartbeat = { service, replica, started_at: started, at: now(), interval_ms: intervalMs };
    rpc.emit(SUBJECTS.presence.events.heartbeat, heartbeat).catch(() => undefined);
  };
  beat();
  const timer = setInterval(beat, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
