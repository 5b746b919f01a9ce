import type { Logger, SharedBus } from './bus.ts';

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
 * The revoked token ids every replica refuses. Checks are local and synchronous; revocations reach
 * the other replicas through the shared bus, and (with Redis) a sorted set scored by expiry lets a
 * replica that starts later catch up. The database stays the record; `load` seeds from it at start.
 */
export class RevocationList {
  private readonly entries = new Map<string, number>();
  private readonly bus: SharedBus;
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;

  constructor({ bus, logger = console }: { bus: SharedBus; logger?: Logger }) {
    this.bus = bus;
    this.logger = logger;
  }

  get size(): number {
    return this.entries.size;
  }

  isRevoked(jti: string): boolean {
    return this.entries.has(jti);
  }

  /** Seeds the list, e.g. from the database at start. */
  load(entries: readonly RevokedToken[]): void {
    for (const entry of entries) this.add(entry.jti, entry.expiresAt.getTime());
  }

  /** Refuses `jti` here at once, then tells the other replicas; a Redis outage only delays them. */
  async revoke(jti: string, expiresAt: Date): Promise<void> {
    const expiry = expiresAt.getTime();
    this.add(jti, expiry);
    const key = this.bus.keyPrefix + SORTED_SET;
    await this.bus.command('store revocation', (redis) =>
      redis.multi().zadd(key, expiry, jti).zremrangebyscore(key, '-inf', Date.now() - GRACE_MS).exec(),
    );
    await this.bus.publish(CHANNEL, JSON.stringify({ jti, expiresAt: expiry }));
  }

  /** Listens for revocations made elsewhere and, with Redis, loads those made before this start. */
  async start(): Promise<void> {
    await this.bus.subscribe(CHANNEL, (message) => this.receive(message));
    const key = this.bus.keyPrefix + SORTED_SET;
    const stored = await this.bus.command('load revocations', (redis) =>
      redis.zrangebyscore(key, Date.now() - GRACE_MS, '+inf', 'WITHSCORES'),
    );
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
