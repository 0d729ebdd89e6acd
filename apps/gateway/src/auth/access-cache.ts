import { Inject, Injectable, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import { AuthenticateResponse, Permission, SUBJECTS } from '@llmops/contract';
import { InProcessEndpoint, NATS_CONNECTION, TRANSPORT_CONFIG, TransportConfig } from '@llmops/messaging';
import { NatsConnection } from 'nats';
import { of } from 'rxjs';
import { GatewayConfig } from '../gateway.config';
import { GATEWAY_CONFIG } from '../gateway.tokens';

/** Authentications remembered per replica (by token digest), and permission answers. */
const MAX_CALLERS = 10_000;
const MAX_PERMISSIONS = 50_000;

/**
 * Answers kept for `ttlMs` at most, the `capacity` most recently used. Concurrent asks for a key share one
 * lookup (200 requests arriving together ask identity once, not 200 times). `generation` guards
 * against a lookup that started before a `clear()` serving or storing its (possibly stale) answer
 * after it: asks after a clear() start a lookup of their own.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  private readonly pending = new Map<string, Promise<V>>();
  private generation = 0;

  constructor(
    private readonly capacity: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The remembered answer, else `lookup()`'s, kept for the TTL or less if `keepFor` says so (0:
   * not kept), unless a clear() came while it was asked. A failed lookup is not kept.
   */
  async get(key: string, lookup: () => Promise<V>, keepFor: (value: V) => number = () => Infinity): Promise<V> {
    const known = this.entries.get(key);
    if (known) this.entries.delete(key);
    if (known && known.expiresAt > this.now()) {
      // Map order is insertion order: re-inserting marks it the most recently used.
      this.entries.set(key, known);
      return known.value;
    }
    if (this.ttlMs <= 0) return lookup();
    const asked = this.pending.get(key);
    if (asked) return asked;
    const generation = this.generation;
    const answer = lookup().then(
      (value) => {
        if (generation !== this.generation) return value;
        this.pending.delete(key);
        const ttl = Math.min(this.ttlMs, keepFor(value));
        if (ttl > 0) {
          if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
          this.entries.set(key, { value, expiresAt: this.now() + ttl });
        }
        return value;
      },
      (error: unknown) => {
        if (generation === this.generation) this.pending.delete(key);
        throw error;
      },
    );
    this.pending.set(key, answer);
    return answer;
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.pending.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * What this gateway replica remembers of the identity service's access decisions, for at most
 * ACCESS_CACHE_TTL_MS (docs/security.md, "Cached access decisions"): a token digest's caller (never
 * past the token's expiry), and
 * a user's permission on a resource (only held permissions: a refusal is asked again). Dropped
 * at once when identity announces a revoked token or a changed permission (every replica hears
 * it), and by this replica when it made the change itself.
 */
@Injectable()
export class AccessCache implements OnModuleInit, OnModuleDestroy {
  readonly callers: TtlCache<AuthenticateResponse>;
  readonly permissions: TtlCache<Permission>;
  readonly readable: TtlCache<string[]>;
  private unsubscribe: () => void = () => undefined;

  constructor(
    @Inject(GATEWAY_CONFIG) config: Pick<GatewayConfig, 'ACCESS_CACHE_TTL_MS'>,
    @Optional() @Inject(TRANSPORT_CONFIG) private readonly transport?: TransportConfig,
    @Optional() @Inject(NATS_CONNECTION) private readonly connection?: NatsConnection | null,
  ) {
    const ttl = Number(config.ACCESS_CACHE_TTL_MS);
    this.callers = new TtlCache(MAX_CALLERS, ttl);
    this.permissions = new TtlCache(MAX_PERMISSIONS, ttl);
    this.readable = new TtlCache(MAX_CALLERS, ttl);
  }

  tokenRevoked(): void {
    this.callers.clear();
  }

  permissionChanged(): void {
    this.permissions.clear();
    this.readable.clear();
  }

  onModuleInit(): void {
    const subjects: Array<[string, () => void]> = [
      [SUBJECTS.identity.events.tokenRevoked, () => this.tokenRevoked()],
      [SUBJECTS.identity.events.permissionChanged, () => this.permissionChanged()],
    ];
    if (this.transport?.kind === 'nats' && this.connection) {
      // A plain subscription: every replica hears every change. The payload is not needed.
      const subscriptions = subjects.map(([subject, drop]) =>
        this.connection!.subscribe(subject, { callback: (error) => (error ? undefined : drop()) }),
      );
      this.unsubscribe = () => subscriptions.forEach((s) => s.unsubscribe());
    } else if (this.transport?.kind === 'in-process') {
      const bus = this.transport.bus;
      const endpoint: InProcessEndpoint = {
        getHandlerByPattern: (pattern) => {
          const drop = subjects.find(([subject]) => subject === pattern)?.[1];
          return drop ? (Object.assign(async () => drop(), { isEventHandler: true }) as never) : null;
        },
        transformToObservable: (value) => of(value),
      };
      bus.register(
        subjects.map(([subject]) => subject),
        endpoint,
      );
      this.unsubscribe = () => bus.unregister(endpoint);
    }
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }
}
