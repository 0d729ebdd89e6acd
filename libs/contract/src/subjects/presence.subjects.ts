/**
 * Published by every replica of every service every few seconds (a plain subject, not a queue
 * group), so that the gateway can tell how many replicas of each service are up. Payload
 * `ReplicaHeartbeat`.
 */
export const PRESENCE_SUBJECTS = {
  events: {
    heartbeat: 'presence.v1.events.heartbeat',
  },
} as const;
