/**
 * NATS subjects of production batch inference. `jobs.*` are served by the batch orchestrator
 * (queue group `batch-orchestrator`); `partitions.*` are how inference replicas report back;
 * `events.*` go to every subscriber. Partition tasks themselves travel on a JetStream work-queue
 * stream (`BATCH_WORK_QUEUE`), never as plain request/reply.
 */
export const BATCH_SUBJECTS = {
  health: 'batch.v1.health',
  jobs: {
    submit: 'batch.v1.jobs.submit',
    get: 'batch.v1.jobs.get',
    list: 'batch.v1.jobs.list',
  },
  /** Datasets under the data roots (uploads are staged by the gateway, published here). */
  datasets: {
    create: 'batch.v1.datasets.create',
    get: 'batch.v1.datasets.get',
    list: 'batch.v1.datasets.list',
    delete: 'batch.v1.datasets.delete',
  },
  /** The Delta tables jobs write, as permission-carrying resources. */
  tables: {
    get: 'batch.v1.tables.get',
    list: 'batch.v1.tables.list',
    /**
     * A job's output table: schema, size, and its versions newest first, a page at a time (READ on
     * the table). Reads end in `get`, as every service's caller guard reads the verb.
     */
    history: 'batch.v1.tables.history.get',
    /** Rows of a job's output table at a version (time travel): the first N, never the whole table. */
    rows: 'batch.v1.tables.rows.get',
  },
  partitions: {
    /** A worker wrote a partition's data file: the orchestrator commits it (idempotent per partition). */
    complete: 'batch.v1.partitions.complete',
    /** A partition task exhausted its deliveries: the orchestrator records it dead-lettered. */
    deadLetter: 'batch.v1.partitions.dead-letter',
  },
  events: {
    /** One per partition settled (done or dead-lettered); payload `BatchPartitionEvent`. */
    partition: 'batch.v1.events.partition',
    /** The job reached a final state; payload `BatchJobEvent`. */
    job: 'batch.v1.events.job',
  },
} as const;
