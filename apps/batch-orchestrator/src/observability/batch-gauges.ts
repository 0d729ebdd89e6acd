import { INestApplicationContext } from '@nestjs/common';
import { NATS_CONNECTION } from '@llmops/messaging';
import { registerPlatformGauge } from '@llmops/observability';
import type { NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { BatchOrchestratorConfig } from '../batch-orchestrator.config';

/**
 * The orchestrator's gauges, read at scrape time: partitions by state (the truth of progress:
 * pending, done, dead-lettered), and in services mode the JetStream work queue's own count of
 * tasks not yet delivered and delivered but not acked. Services mode and the embedded launcher
 * both register them.
 */
export function registerBatchGauges(
  app: INestApplicationContext,
  config: Pick<BatchOrchestratorConfig, 'BATCH_QUEUE_STREAM' | 'BATCH_QUEUE_CONSUMER'>,
): void {
  registerPlatformGauge({
    name: 'llmops_batch_partitions',
    help: 'Partitions of all batch jobs, by state',
    labelNames: ['state'],
    read: async () => {
      const rows: Array<{ state: string; n: number }> = await app
        .get(DataSource)
        .query('SELECT state, count(*)::int AS n FROM batch_partitions GROUP BY state');
      return rows.map((r) => [{ state: r.state }, r.n]);
    },
  });
  registerPlatformGauge({
    name: 'llmops_work_queue_pending_tasks',
    help: 'Tasks in the work queue: waiting (not yet delivered) or delivered and not yet acked',
    labelNames: ['queue', 'state'],
    read: async () => {
      const connection = app.get<NatsConnection | null>(NATS_CONNECTION);
      if (!connection) {
        // Embedded: the in-process queue holds exactly the partitions not yet settled.
        const [row]: Array<{ n: number }> = await app
          .get(DataSource)
          .query(`SELECT count(*)::int AS n FROM batch_partitions WHERE state = 'PENDING'`);
        return [[{ queue: config.BATCH_QUEUE_STREAM, state: 'pending' }, row?.n ?? 0]];
      }
      const info = await (
        await connection.jetstreamManager({ checkAPI: false })
      ).consumers.info(config.BATCH_QUEUE_STREAM, config.BATCH_QUEUE_CONSUMER);
      return [
        [{ queue: config.BATCH_QUEUE_STREAM, state: 'waiting' }, info.num_pending],
        [{ queue: config.BATCH_QUEUE_STREAM, state: 'unacked' }, info.num_ack_pending],
      ];
    },
  });
}
