import type { KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { Redis } from 'ioredis';
import type { CacheEventHook } from './cache-events.ts';
import { UNAVAILABLE, type RedisConnection, type Unavailable } from './connection.ts';
import { ttlMs } from './memory-cache.ts';
import type { SharedCache } from './shared-cache.ts';

/** SET unless the key holds a number >= ARGV[1]; ARGV[2] is the TTL in ms (0: none). One atomic step. */
const SET_MAX = `
local current = tonumber(redis.call('GET', KEYS[1]))
if current and current >= tonumber(ARGV[1]) then return 0 end
if tonumber(ARGV[2]) > 0 then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) else redis.call('SET', KEYS[1], ARGV[1]) end
return 1`;

/**
 * The cache over the service's Redis connection, under `keyPrefix`. The connection's outage policy
 * applies: a dead or slow Redis costs a request at most one short wait, and a call it could not
 * answer is counted as an error and reads as a miss.
 */
export class RedisCache implements SharedCache {
  readonly shared = true;
  private readonly removeListeners: (() => void)[] = [];

  constructor(
    private readonly redis: RedisConnection,
    private readonly keyPrefix: string,
    private readonly name: string,
    private readonly onEvent: CacheEventHook,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const value = await this.run('read', (redis) => redis.get(this.keyPrefix + key));
    if (value === UNAVAILABLE) return undefined;
    this.onEvent({ cache: this.name, outcome: value === null ? 'miss' : 'hit' });
    return value ?? undefined;
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    const ms = ttlMs(options);
    const prefixed = this.keyPrefix + key;
    await this.run('write', (redis) => (ms ? redis.set(prefixed, value, 'PX', ms) : redis.set(prefixed, value)));
  }

  async setMax(key: string, value: number, options?: KeyValueCacheSetOptions): Promise<boolean> {
    const done = await this.run('write', (redis) => redis.eval(SET_MAX, 1, this.keyPrefix + key, String(value), String(ttlMs(options) ?? 0)));
    return done !== UNAVAILABLE;
  }

  async delete(key: string): Promise<boolean> {
    return this.remove(key);
  }

  async remove(key: string): Promise<boolean> {
    return (await this.run('delete', (redis) => redis.del(this.keyPrefix + key))) !== UNAVAILABLE;
  }

  onAvailable(listener: () => void): void {
    this.removeListeners.push(this.redis.onAvailable(listener));
  }

  /** Stops calling its `onAvailable` listeners; the connection stays with whoever opened it. */
  async close(): Promise<void> {
    for (const remove of this.removeListeners.splice(0)) remove();
  }

  /** The command's result, or UNAVAILABLE (counted as an error). */
  private async run<T>(what: string, command: (redis: Redis) => Promise<T>): Promise<T | Unavailable> {
    const result = await this.redis.run(`${this.name} ${what}`, command);
    if (result === UNAVAILABLE) this.onEvent({ cache: this.name, outcome: 'error' });
    return result;
  }
}
