import type { KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { Redis } from 'ioredis';
import type { Logger } from './bus.ts';
import { OutageLog, type CacheEventHook } from './cache-events.ts';
import { ttlMs } from './memory-cache.ts';
import type { SharedCache } from './shared-cache.ts';

export interface RedisCacheOptions {
  url: string;
  keyPrefix: string;
  name: string;
  timeoutMs: number;
  logger: Logger;
  onEvent: CacheEventHook;
}

/** After a failed command Redis is left alone this long, so that a slow Redis does not slow every request. */
const COOL_OFF_MS = 1000;
const UNAVAILABLE = Symbol('unavailable');

/** SET unless the key holds a number >= ARGV[1]; ARGV[2] is the TTL in ms (0: none). One atomic step. */
const SET_MAX = `
local current = tonumber(redis.call('GET', KEYS[1]))
if current and current >= tonumber(ARGV[1]) then return 0 end
if tonumber(ARGV[2]) > 0 then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) else redis.call('SET', KEYS[1], ARGV[1]) end
return 1`;

/**
 * The cache over `ioredis`. Commands are never queued while disconnected (`enableOfflineQueue:
 * false`) and give up after `timeoutMs`: a dead or slow Redis costs a request at most one short
 * wait, then nothing for a second, while ioredis reconnects in the background.
 */
export class RedisCache implements SharedCache {
  readonly shared = true;
  private readonly redis: Redis;
  private readonly outage: OutageLog;
  private readonly availableListeners: (() => void)[] = [];
  private skipUntil = 0;

  constructor(private readonly options: RedisCacheOptions) {
    this.outage = new OutageLog(options.logger, `Redis cache "${options.name}"`);
    this.redis = new Redis(options.url, {
      keyPrefix: options.keyPrefix,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: options.timeoutMs,
      connectTimeout: 1000,
      retryStrategy: (times) => Math.min(times * 100, 1000),
    });
    this.redis.on('error', (error: Error) => this.outage.failed(error.message));
    this.redis.on('ready', () => {
      this.skipUntil = 0;
      this.outage.recovered();
      for (const listener of this.availableListeners) listener();
    });
  }

  /** Resolves when connected, or after `ms` or the first connection error (never rejects). */
  connected(ms: number): Promise<void> {
    if (this.redis.status === 'ready') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.redis.off('ready', done).off('error', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.redis.once('ready', done).once('error', done);
    });
  }

  async get(key: string): Promise<string | undefined> {
    const value = await this.run((redis) => redis.get(key));
    if (value === UNAVAILABLE) return undefined;
    this.options.onEvent({ cache: this.options.name, outcome: value === null ? 'miss' : 'hit' });
    return value ?? undefined;
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    const ms = ttlMs(options);
    await this.run((redis) => (ms ? redis.set(key, value, 'PX', ms) : redis.set(key, value)));
  }

  async setMax(key: string, value: number, options?: KeyValueCacheSetOptions): Promise<boolean> {
    const done = await this.run((redis) => redis.eval(SET_MAX, 1, key, String(value), String(ttlMs(options) ?? 0)));
    return done !== UNAVAILABLE;
  }

  async delete(key: string): Promise<boolean> {
    return this.remove(key);
  }

  async remove(key: string): Promise<boolean> {
    return (await this.run((redis) => redis.del(key))) !== UNAVAILABLE;
  }

  onAvailable(listener: () => void): void {
    this.availableListeners.push(listener);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  /** The command's result, or UNAVAILABLE (counted as an error) when Redis is down, cooling off, or fails. */
  private async run<T>(command: (redis: Redis) => Promise<T>): Promise<T | typeof UNAVAILABLE> {
    if (this.redis.status !== 'ready' || Date.now() < this.skipUntil) {
      this.options.onEvent({ cache: this.options.name, outcome: 'error' });
      return UNAVAILABLE;
    }
    try {
      const result = await command(this.redis);
      this.outage.recovered(); // after a slow spell, which leaves the connection up
      return result;
    } catch (error) {
      this.skipUntil = Date.now() + COOL_OFF_MS;
      this.outage.failed((error as Error).message);
      this.options.onEvent({ cache: this.options.name, outcome: 'error' });
      return UNAVAILABLE;
    }
  }
}
