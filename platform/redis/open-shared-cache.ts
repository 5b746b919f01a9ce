import { DEFAULT_KEY_PREFIX } from './bus.ts';
import { reportingTo, type CacheEventHook } from './cache-events.ts';
import type { RedisConnection } from './connection.ts';
import { MemoryCache } from './memory-cache.ts';
import { RedisCache } from './redis-cache.ts';
import type { SharedCache } from './shared-cache.ts';

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
