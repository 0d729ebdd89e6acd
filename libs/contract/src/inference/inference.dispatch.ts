import { INFERENCE_SUBJECTS } from '../subjects/inference.subjects';

/**
 * Load-aware dispatch of summarize requests (services mode). NATS queue groups pick a replica at
 * random, so one can idle while another has several queued; instead a caller publishes the request
 * to this JetStream work queue and each replica pulls only while it has capacity. The request
 * keeps its packet (pattern `inference.v1.summarize`) and the answer comes back on the caller's
 * inbox, named in a header, as a plain reply would: same DTOs, errors and timeouts.
 * A replica that dies mid-request never acks it, so JetStream hands it to another replica.
 */
export const INFERENCE_REQUEST_QUEUE = {
  /** JetStream stream (retention WorkQueue), created by the inference replicas. */
  stream: 'LLMOPS_INFERENCE_REQUESTS',
  subject: 'inference.v1.queue.summarize',
  /** Durable pull consumer shared by every replica. */
  consumer: 'inference-replicas',
} as const;

/** Request subjects whose callers go through a work queue instead of a queue group, and which queue. */
export const PULL_DISPATCHED_SUBJECTS: Readonly<Record<string, string>> = {
  [INFERENCE_SUBJECTS.summarize]: INFERENCE_REQUEST_QUEUE.subject,
};

/** Headers of a queued request (the rest of its headers are the caller's, as on a plain request). */
export const QUEUED_REQUEST_HEADERS = {
  /** Where the answer goes: the caller's own inbox. */
  replyTo: 'x-llmops-reply-to',
  /** Epoch milliseconds after which the caller stopped waiting: a replica drops it unanswered. */
  deadline: 'x-llmops-deadline',
} as const;
