import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { DEFAULT_KEY_PREFIX } from './bus.ts';
import { reportingTo, type CacheEventHook } from './cache-events.ts';
import type { RedisConnection } from './connection.ts';
import { MemoryCache } from './memory-cache.ts';
import { RedisCache } from './redis-cache.ts';

/**
 * Apollo's `KeyValueCache<string>` (get / set with `{ ttl }` in seconds / delete), over Redis when
 * the service has a connection, else in this process. It never throws and never waits long: an
 * unreachable or slow store reads as empty and writes go nowhere, so a cache can only make requests faster.
 */
export interface SharedCache extends KeyValueCache<string> {
  /** True when entries reach other processes (Redis). */
  readonly shared: boolean;
  /**
   * Stores `value` unless `key` holds a number at least as large, so that writes arriving out of
   * order never move it back. False when the store did not answer.
   */
  setMax(key: string, value: number, options?: KeyValueCacheSetOptions): Promise<boolean>;
  /** `delete` that says whether the store took the deletion (false: unavailable). */
  remove(key: string): Promise<boolean>;
  /** Calls `listener` whenever the store becomes reachable again after an outage. */
  onAvailable(listener: () => void): void;
  close(): Promise<void>;
}

export interface SharedCacheOptions {
  /** The service's Redis connection (platform/redis/connection.ts); without it the cache stays in this process. */
  redis?: RedisConnection | undefined;
  /** Prefix of the deployment (the bus's, by default); tests use a random one. */
  keyPrefix?: string | undefined;
  /** Keeps each user's keys apart within the prefix, e.g. `gateway`, `clinical`. */
  namespace: string;
  /** Size cap of the in-process fallback. */
  maxEntries?: number;
  /** Also called with every event (they are always counted in `cache_events_total` as `<namespace>.store`). */
  onEvent?: CacheEventHook | undefined;
}

/** The cache of `namespace`: in Redis under `<keyPrefix>cache:<namespace>:` with a connection, else in this process. */
export function openSharedCache(options: SharedCacheOptions): SharedCache {
  const keyPrefix = `${options.keyPrefix ?? DEFAULT_KEY_PREFIX}cache:${options.namespace}:`;
  const name = `${options.namespace}.store`;
  const onEvent = reportingTo(options.onEvent);
  if (!options.redis) return new MemoryCache(name, options.maxEntries ?? 10_000, onEvent);
  return new RedisCache(options.redis, keyPrefix, name, onEvent);
}
