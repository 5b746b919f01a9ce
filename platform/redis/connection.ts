import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../observability/logger.ts';
import { OutageLog } from './outage-log.ts';

/**
 * The one timeout of every Redis command (bus, caches, rate limits): 500 ms.
 *
 * A healthy Redis next to the services answers in well under a millisecond, so a command still
 * unanswered after half a second means Redis or the network to it is in trouble, not busy. After
 * such a failure every caller skips Redis for COOL_OFF_MS, so a slow Redis costs a request at
 * most one wait, and only about one request a second pays it. Much shorter (the caches' former
 * 250 ms) would take a garbage-collection pause or a busy event loop for an outage; much longer
 * (the bus's former 2 s) would let a slow Redis add seconds to a request.
 */
export const COMMAND_TIMEOUT_MS = 500;
/** After a failed or timed-out command (the connection may still look up), Redis is left alone this long. */
const COOL_OFF_MS = 1000;
/** How long opening waits for the connection, so that the first requests can use it (never fails). */
const OPEN_WAIT_MS = 1000;
/** One connection attempt; nobody waits on it, since commands answer at once while disconnected. */
const CONNECT_TIMEOUT_MS = 2000;
/** Both clients reconnect 200 ms later for each failed attempt, at most 2 s apart: a recovery is noticed within 2 s. */
const RECONNECTING: RedisOptions = { connectTimeout: CONNECT_TIMEOUT_MS, retryStrategy: (attempt) => Math.min(attempt * 200, 2000) };

/** What `run` answers when Redis is down, cooling off, or the command failed or timed out. */
export const UNAVAILABLE = Symbol('Redis unavailable');
export type Unavailable = typeof UNAVAILABLE;

type Listener = (message: string) => void;

/**
 * Opens the Redis connection of one service: a command client shared by the bus, the caches and
 * the rate limits, and (on the first subscription) a subscriber client for the bus. The caller
 * closes it when the service stops. Waits up to a second for Redis; never fails.
 */
export async function openRedisConnection(url: string, logger: Logger): Promise<RedisConnection> {
  const connection = new RedisConnection(url, logger);
  await connection.settled(OPEN_WAIT_MS);
  return connection;
}

/**
 * The outage policy of every Redis user. While Redis is down, commands answer UNAVAILABLE at once
 * (never queued) and each caller falls back to its local state; a command gets COMMAND_TIMEOUT_MS.
 * An outage is logged once when it starts, at most once a minute while it lasts, and once when
 * Redis is back; ioredis reconnects in the background. Subscriptions, unlike commands, wait through
 * an outage and are made again once Redis is back, so that nothing published after that is missed.
 */
export class RedisConnection {
  /** The command client, for a library that takes one (rate-limiter-flexible): use it only inside `run`. */
  readonly client: Redis;
  private subscriber: Redis | undefined;
  private readonly channels = new Map<string, { listeners: Set<Listener>; made: Promise<unknown> }>();
  private readonly availableListeners = new Set<() => void>();
  private readonly outage: OutageLog;
  private skipUntil = 0;
  private closing = false;

  constructor(
    private readonly url: string,
    logger: Logger,
  ) {
    const what = `Redis at ${new URL(url).host}`;
    this.outage = new OutageLog(logger, what, 'caches, rate limits, revocations and policy reloads stay within each process until it is back');
    this.client = this.watch(new Redis(url, { ...RECONNECTING, enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: COMMAND_TIMEOUT_MS }));
  }

  /** True while commands may go to Redis (connected, and not cooling off after a failure). */
  get available(): boolean {
    return this.client.status === 'ready' && Date.now() >= this.skipUntil;
  }

  /** `command`'s result, or UNAVAILABLE: at once while Redis is down, else when it fails or times out. Never throws. */
  async run<T>(what: string, command: (redis: Redis) => Promise<T>): Promise<T | Unavailable> {
    if (!this.available) return UNAVAILABLE;
    try {
      const result = await command(this.client);
      this.recovered(); // after a failed command, which can leave the connection up
      return result;
    } catch (error) {
      this.skipUntil = Date.now() + COOL_OFF_MS;
      const message = (error as Error).message;
      this.failed(`${what}: ${message === 'Command timed out' ? `no answer within ${COMMAND_TIMEOUT_MS} ms` : message}`);
      return UNAVAILABLE;
    }
  }

  /**
   * Calls `listener` with every message on `channel` (the full Redis channel name) until the
   * returned function is called. Waits for Redis to confirm the subscription, at most
   * COMMAND_TIMEOUT_MS and not at all during an outage: the subscription is then made once Redis is back.
   */
  async subscribe(channel: string, listener: Listener): Promise<() => void> {
    let subscription = this.channels.get(channel);
    if (!subscription) {
      subscription = {
        listeners: new Set(),
        made: this.subscriberClient()
          .subscribe(channel)
          .catch(() => undefined),
      };
      this.channels.set(channel, subscription);
    }
    const { listeners, made } = subscription;
    listeners.add(listener);
    if (!this.outage.down) await within(COMMAND_TIMEOUT_MS, made);
    return () => {
      if (!listeners.delete(listener) || listeners.size > 0) return;
      this.channels.delete(channel);
      if (!this.closing) this.subscriber?.unsubscribe(channel).catch(() => undefined);
    };
  }

  /** Calls `listener` whenever Redis is reachable again after an outage, until the returned function is called. */
  onAvailable(listener: () => void): () => void {
    this.availableListeners.add(listener);
    return () => void this.availableListeners.delete(listener);
  }

  /** Resolves once connected, or after `ms` or the first connection error (never rejects). */
  settled(ms: number): Promise<void> {
    if (this.client.status === 'ready') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.client.off('ready', done).off('error', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.client.once('ready', done).once('error', done);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    this.client.disconnect();
    this.subscriber?.disconnect();
  }

  /** The subscriber client; its offline queue keeps subscriptions made during an outage until Redis is back. */
  private subscriberClient(): Redis {
    if (!this.subscriber) {
      this.subscriber = this.watch(new Redis(this.url, { ...RECONNECTING, maxRetriesPerRequest: null }));
      this.subscriber.on('message', (channel: string, message: string) => {
        for (const listener of this.channels.get(channel)?.listeners ?? []) listener(message);
      });
    }
    return this.subscriber;
  }

  private watch(redis: Redis): Redis {
    redis.on('error', (error: Error) => this.failed(error.message));
    redis.on('close', () => this.failed('connection lost'));
    redis.on('ready', () => {
      this.skipUntil = 0;
      this.recovered();
    });
    return redis;
  }

  private failed(reason: string): void {
    if (!this.closing) this.outage.failed(reason);
  }

  /** Ends the outage once every client is connected again, and tells the listeners. */
  private recovered(): void {
    if (this.client.status !== 'ready' || (this.subscriber && this.subscriber.status !== 'ready')) return;
    if (!this.outage.recovered()) return;
    for (const listener of this.availableListeners) listener();
  }
}

/** Waits for `promise`, at most `ms`. */
async function within(ms: number, promise: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms).unref()));
  await Promise.race([promise, timeout]);
  clearTimeout(timer);
}
