import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { PRESENCE_DEFAULTS, ReplicaHeartbeat, SUBJECTS } from '@llmops/contract';
import { InProcessEndpoint, NATS_CONNECTION, TRANSPORT_CONFIG, TransportConfig } from '@llmops/messaging';
import { JSONCodec, NatsConnection, Subscription } from 'nats';
import { of } from 'rxjs';

export interface ReplicaView {
  service: string;
  replica: string;
  /** Epoch ms. */
  started_at: number;
  last_seen: number;
}

const codec = JSONCodec<{ data?: unknown }>();

/**
 * The replicas of every service, from their heartbeats (`SUBJECTS.presence.events.heartbeat`, a
 * plain subscription: every gateway replica hears every service replica). A replica silent for
 * three of its intervals no longer counts.
 */
@Injectable()
export class ReplicaRegistry implements OnModuleInit, OnModuleDestroy {
  private readonly seen = new Map<string, ReplicaHeartbeat & { last_seen: number }>();
  private unsubscribe: () => void = () => undefined;
  now: () => number = Date.now;

  constructor(
    @Inject(TRANSPORT_CONFIG) private readonly transport: TransportConfig,
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection | null,
  ) {}

  onModuleInit(): void {
    const subject = SUBJECTS.presence.events.heartbeat;
    if (this.transport.kind === 'nats' && this.connection) {
      const subscription: Subscription = this.connection.subscribe(subject, {
        callback: (error, msg) => {
          if (!error) this.record(codec.decode(msg.data).data);
        },
      });
      this.unsubscribe = () => subscription.unsubscribe();
    } else if (this.transport.kind === 'in-process') {
      const bus = this.transport.bus;
      const handler = Object.assign(async (data: unknown) => this.record(data), { isEventHandler: true });
      const endpoint: InProcessEndpoint = {
        getHandlerByPattern: (pattern) => (pattern === subject ? (handler as never) : null),
        transformToObservable: (value) => of(value),
      };
      bus.register([subject], endpoint);
      this.unsubscribe = () => bus.unregister(endpoint);
    }
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  /** A heartbeat as it arrived (anything malformed is ignored: it is only a count). */
  record(data: unknown): void {
    const beat = data as Partial<ReplicaHeartbeat> | null;
    if (
      !beat ||
      typeof beat.service !== 'string' ||
      typeof beat.replica !== 'string' ||
      typeof beat.started_at !== 'number' ||
      typeof beat.interval_ms !== 'number' ||
      beat.interval_ms <= 0
    ) {
      return;
    }
    this.seen.set(`${beat.service}\u0000${beat.replica}`, { ...(beat as ReplicaHeartbeat), last_seen: this.now() });
  }

  /** Replicas heard from recently, by service then replica. */
  replicas(): ReplicaView[] {
    const now = this.now();
    const live: ReplicaView[] = [];
    for (const [key, beat] of this.seen) {
      if (now - beat.last_seen > beat.interval_ms * PRESENCE_DEFAULTS.missedBeforeGone) {
        this.seen.delete(key);
        continue;
      }
      live.push({
        service: beat.service,
        replica: beat.replica,
        started_at: beat.started_at,
        last_seen: beat.last_seen,
      });
    }
    return live.sort((a, b) => a.service.localeCompare(b.service) || a.replica.localeCompare(b.replica));
  }
}
