import type { Logger } from '../observability/logger.ts';
import type { SharedBus } from '../redis/bus.ts';

export interface RevokedToken {
  jti: string;
  expiresAt: Date;
}

const CHANNEL = 'token-revocations';
const SORTED_SET = 'revoked-tokens';
/** Kept past expiry for longer than the verifiers' clock tolerance, which still accepts a just-expired token. */
const GRACE_MS = 60_000;
const PRUNE_EVERY_MS = 60_000;

/**
 * Without Redis, the revocations known in this process, per bus key prefix: what the sorted set is
 * with Redis, so that a service started later in the same process (`npm start`) catches up.
 */
const processStore = new Map<string, Map<string, number>>();

/**
 * The revoked token ids every replica refuses. Checks are local and synchronous; revocations reach
 * the other replicas through the shared bus, and (with Redis) a sorted set scored by expiry lets a
 * replica that starts later catch up. The database stays the record; `load` seeds from it at start.
 */
export class RevocationList {
  private readonly entries = new Map<string, number>();
  private readonly bus: SharedBus;
  private readonly logger: Logger;
  private readonly longestTokenLifetimeMs: number;
  private timer: NodeJS.Timeout | undefined;

  /** `longestTokenLifetimeMs`: the longest lifetime the verifiers accept (TOKEN_MAX_LIFETIME, TOKEN_SERVICE_CLIENTS). */
  constructor({ bus, logger, longestTokenLifetimeMs = 0 }: { bus: SharedBus; logger: Logger; longestTokenLifetimeMs?: number }) {
    this.bus = bus;
    this.logger = logger;
    this.longestTokenLifetimeMs = longestTokenLifetimeMs;
  }

  /**
   * How long to keep a revocation: until the token expires, and never less than the longest lifetime a
   * token may have from now, so an `expiresAt` given too early cannot bring the token back.
   */
  keepUntil(expiresAt: Date | null, now = Date.now()): Date {
    return new Date(Math.max(expiresAt?.getTime() ?? 0, now + this.longestTokenLifetimeMs));
  }

  get size(): number {
    return this.entries.size;
  }

  isRevoked(jti: string): boolean {
    return this.entries.has(jti);
  }

  /**
   * Seeds the list from the database at start, and puts the entries where replicas starting later
   * look (Redis, or this process), so that they are refused everywhere even after a restart.
   */
  async load(entries: readonly RevokedToken[]): Promise<void> {
    for (const entry of entries) await this.store(entry.jti, entry.expiresAt.getTime());
  }

  /** Refuses `jti` here at once, then tells the other replicas; a Redis outage only delays them. */
  async revoke(jti: string, expiresAt: Date): Promise<void> {
    const expiry = expiresAt.getTime();
    await this.store(jti, expiry);
    await this.bus.publish(CHANNEL, JSON.stringify({ jti, expiresAt: expiry }));
  }

  private async store(jti: string, expiry: number): Promise<void> {
    this.add(jti, expiry);
    if (!this.bus.shared) {
      const known = processStore.get(this.bus.keyPrefix) ?? new Map<string, number>();
      known.set(jti, Math.max(expiry, known.get(jti) ?? 0));
      processStore.set(this.bus.keyPrefix, known);
      return;
    }
    const key = this.bus.keyPrefix + SORTED_SET;
    await this.bus.command('store revocation', (redis) =>
      redis
        .multi()
        .zadd(key, expiry, jti)
        .zremrangebyscore(key, '-inf', Date.now() - GRACE_MS)
        .exec(),
    );
  }

  /** Listens for revocations made elsewhere and loads those made before this start (Redis, or this process). */
  async start(): Promise<void> {
    await this.bus.subscribe(CHANNEL, (message) => this.receive(message));
    for (const [jti, expiry] of processStore.get(this.bus.keyPrefix) ?? []) this.add(jti, expiry);
    const key = this.bus.keyPrefix + SORTED_SET;
    const stored = await this.bus.command('load revocations', (redis) => redis.zrangebyscore(key, Date.now() - GRACE_MS, '+inf', 'WITHSCORES'));
    for (let i = 0; stored && i + 1 < stored.length; i += 2) this.add(stored[i] as string, Number(stored[i + 1]));
    this.timer ??= setInterval(() => this.prune(), PRUNE_EVERY_MS).unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Drops entries whose tokens have expired (they are refused as expired anyway). */
  prune(now = Date.now()): void {
    for (const [jti, expiry] of this.entries) if (expiry + GRACE_MS < now) this.entries.delete(jti);
  }

  private add(jti: string, expiry: number): void {
    if (!jti || !Number.isFinite(expiry) || expiry + GRACE_MS < Date.now()) return;
    this.entries.set(jti, Math.max(expiry, this.entries.get(jti) ?? 0));
  }

  private receive(message: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      parsed = undefined;
    }
    const { jti, expiresAt } = (parsed ?? {}) as { jti?: unknown; expiresAt?: unknown };
    if (typeof jti === 'string' && typeof expiresAt === 'number') this.add(jti, expiresAt);
    else this.logger.warn('Ignored a malformed token revocation message');
  }
}
