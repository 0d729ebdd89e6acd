import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BATCH_WORK_QUEUE, INFERENCE_REQUEST_QUEUE, SUBJECTS, allSubjects } from '@llmops/contract';
import { natsInboxPrefix, nkeyVariable } from '@llmops/messaging';

/**
 * NATS permissions per service user, derived from `SUBJECTS` (a subject added to the contract
 * needs no edit here). Each service may subscribe to the subjects it serves (and the events it
 * listens to) and publish only to what it calls or emits. Replies: each subscribes to its own
 * inbox prefix only (`_INBOX.<service>.>`, see `natsInboxPrefix`), so no service reads another's
 * answers, and `allow_responses` lets it answer the requests it received, nothing else in `_INBOX`.
 * JetStream: the exact API subjects of the streams and consumers it uses (`WORK_QUEUES`), never
 * `$JS.API.>`.
 */
export interface ServicePermissions {
  publish: string[];
  subscribe: string[];
}

/**
 * JetStream work queues: the owner creates the stream and its durable pull consumer (and publishes
 * tasks); workers only bind to that consumer, pull and acknowledge. Nobody else may create a
 * stream or consumer (a push consumer's deliver subject, or a stream's mirror, sources or republish,
 * would make the server relay stored messages onto any subject).
 */
export interface WorkQueueGrant {
  stream: string;
  subject: string;
  consumer: string;
  owner: string;
  workers: string[];
}

export const WORK_QUEUES: WorkQueueGrant[] = [
  { ...BATCH_WORK_QUEUE, owner: 'batch-orchestrator', workers: ['inference'] },
  // Summarize requests (load-aware dispatch): the replicas own the queue and pull from it; the
  // callers below only publish to its subject (INFERENCE_CALLERS).
  { ...INFERENCE_REQUEST_QUEUE, owner: 'inference', workers: ['inference'] },
];

/**
 * Who summarizes through the inference request queue. They publish requests to its subject; the
 * replicas answer on each caller's own inbox, named in the request (not a NATS reply subject,
 * which `allow_responses` would cover), so inference may publish to these callers' inboxes only.
 */
const INFERENCE_CALLERS = ['gateway', 'registry'];

/** What the owner of a work queue may publish (nats.js 2.29 on nats-server >= 2.9 uses these subjects). */
export function workQueueOwnerSubjects(q: WorkQueueGrant): string[] {
  return [
    q.subject,
    `$JS.API.STREAM.INFO.${q.stream}`,
    `$JS.API.STREAM.CREATE.${q.stream}`,
    `$JS.API.CONSUMER.INFO.${q.stream}.${q.consumer}`,
    // The consumer's name and filter are in the subject: the server refuses a payload that differs.
    `$JS.API.CONSUMER.CREATE.${q.stream}.${q.consumer}.${q.subject}`,
  ];
}

/** What a worker of a work queue may publish: look up, pull from and acknowledge on its consumer. */
export function workQueueWorkerSubjects(q: WorkQueueGrant): string[] {
  return [
    `$JS.API.CONSUMER.INFO.${q.stream}.${q.consumer}`,
    `$JS.API.CONSUMER.MSG.NEXT.${q.stream}.${q.consumer}`,
    `$JS.ACK.${q.stream}.${q.consumer}.>`,
  ];
}

const jetStreamSubjects = (service: string) =>
  WORK_QUEUES.flatMap((q) => [
    ...(q.owner === service ? workQueueOwnerSubjects(q) : []),
    ...(q.workers.includes(service) ? workQueueWorkerSubjects(q) : []),
  ]);

const inbox = (service: string) => `${natsInboxPrefix(service)}.>`;
const requests = (table: unknown) => allSubjects(table).filter((s) => !s.includes('.events.'));
const events = (table: unknown) => allSubjects(table).filter((s) => s.includes('.events.'));
const unique = (subjects: string[]) => [...new Set(subjects)];

/** Every replica announces itself (startService in @llmops/messaging); the gateway listens. */
const HEARTBEAT = SUBJECTS.presence.events.heartbeat;

/** Every process exports its own spans into the trace store (docs/observability.md). */
const TRACE_EXPORT = SUBJECTS.tracking.traces.ingestOtlp;

const RULES: Record<string, ServicePermissions> = {
  // Token revocations and permission changes, for the gateways' caches.
  identity: { subscribe: [...requests(SUBJECTS.identity)], publish: [...events(SUBJECTS.identity)] },
  tracking: { subscribe: [...requests(SUBJECTS.tracking)], publish: [] },
  registry: {
    subscribe: [...requests(SUBJECTS.registry), ...requests(SUBJECTS.evaluation), ...events(SUBJECTS.registry)],
    publish: [
      ...events(SUBJECTS.registry),
      ...requests(SUBJECTS.tracking),
      SUBJECTS.inference.summarize,
      INFERENCE_REQUEST_QUEUE.subject,
      // The registry decides on what it resolves (the source run of a new version) and audits
      // what only it sees (a version leaving Production, a protected alias, a gate policy).
      SUBJECTS.identity.permissions.check,
      SUBJECTS.identity.audit.append,
    ],
  },
  inference: {
    subscribe: [...requests(SUBJECTS.inference), ...events(SUBJECTS.registry)],
    publish: [
      SUBJECTS.registry.models.resolve,
      SUBJECTS.tracking.artifacts.resolveLocation,
      SUBJECTS.batch.partitions.complete,
      SUBJECTS.batch.partitions.deadLetter,
      ...INFERENCE_CALLERS.map(inbox),
    ],
  },
  'batch-orchestrator': {
    subscribe: [...requests(SUBJECTS.batch)],
    publish: [
      ...events(SUBJECTS.batch),
      SUBJECTS.registry.models.resolve,
      // Access to batch data is decided by the orchestrator, on canonical names: it asks and
      // records permissions (creator MANAGE; grants of a deleted name are revoked).
      SUBJECTS.identity.permissions.check,
      SUBJECTS.identity.permissions.readable,
      SUBJECTS.identity.permissions.grant,
      SUBJECTS.identity.permissions.list,
      SUBJECTS.identity.permissions.revoke,
    ],
  },
  gateway: {
    subscribe: [...events(SUBJECTS.batch), ...events(SUBJECTS.identity)],
    publish: [
      ...requests(SUBJECTS.tracking),
      ...requests(SUBJECTS.registry),
      ...requests(SUBJECTS.evaluation),
      ...requests(SUBJECTS.inference),
      INFERENCE_REQUEST_QUEUE.subject,
      ...requests(SUBJECTS.batch).filter((s) => !s.startsWith('batch.v1.partitions.')),
      ...requests(SUBJECTS.identity),
    ],
  },
};

/** Every service user (the app of the same name connects as it) and what it may do. */
export const SERVICE_PERMISSIONS: Record<string, ServicePermissions> = Object.fromEntries(
  Object.entries(RULES).map(([service, p]) => [
    service,
    {
      publish: unique([
        ...p.publish,
        ...jetStreamSubjects(service),
        ...(service === 'gateway' ? [] : [HEARTBEAT]),
        TRACE_EXPORT,
      ]),
      subscribe: unique([...p.subscribe, inbox(service), ...(service === 'gateway' ? [HEARTBEAT] : [])]),
    },
  ]),
);

/**
 * The nats-server configuration: one NKEY user per service, its public key from the server's
 * environment (`NATS_<SERVICE>_NKEY`, written by `npm run nats:credentials` or the launcher). Only
 * these users may connect: there is no anonymous user.
 */
export function renderNatsConf(permissions: Record<string, ServicePermissions> = SERVICE_PERMISSIONS): string {
  const list = (items: string[]) => `[${items.map((s) => JSON.stringify(s)).join(', ')}]`;
  const users = Object.entries(permissions).map(
    ([service, p]) =>
      `    # ${service}\n    {\n      nkey: $${nkeyVariable(service)}\n` +
      `      permissions: {\n        publish: { allow: ${list(p.publish)} }\n` +
      `        subscribe: { allow: ${list(p.subscribe)} }\n        allow_responses: true\n      }\n    }`,
  );
  return (
    '# Generated by docker/nats/generate-nats-conf.ts from SUBJECTS in @llmops/contract; do not edit.\n' +
    '# One NKEY user per service; public keys come from the server environment (NATS_<SERVICE>_NKEY,\n' +
    '# see docs/deploy.md). JetStream is turned on with `-js -sd <dir>` on the command line.\n' +
    `authorization {\n  users: [\n${users.join('\n')}\n  ]\n}\n`
  );
}

/**
 * Subjects a service's code names directly (`SUBJECTS.a.b.c`, leaves only) that its permissions do not cover:
 * the generator refuses to write a file that would break a service.
 */
export function uncoveredSubjects(service: string, sourceDir: string): string[] {
  const p = SERVICE_PERMISSIONS[service];
  const allowed = new Set([...p.publish, ...p.subscribe]);
  const missing = new Set<string>();
  for (const file of sourceFiles(sourceDir)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/SUBJECTS((?:\.[A-Za-z]+)+)/g)) {
      const value = match[1]
        .slice(1)
        .split('.')
        .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], SUBJECTS);
      // Only leaves: `const S = SUBJECTS.registry` names a table, not a subject it uses.
      if (typeof value === 'string' && !allowed.has(value)) missing.add(value);
    }
  }
  return [...missing].sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'testing' ? [] : sourceFiles(path);
    return /\.ts$/.test(name) && !/\.(e2e-)?spec\.ts$/.test(name) ? [path] : [];
  });
}
