import { DEFAULT_KEY_PREFIX, type Logger } from './bus.ts';
import { reportingTo, type CacheEventHook } from './cache-events.ts';
import { MemoryCache } from './memory-cache.ts';
import { RedisCache } from './redis-cache.ts';
import type { SharedCache } from './shared-cache.ts';

export interface SharedCacheOptions {
  redisUrl?: string | undefined;
  /** Prefix of the deployment (the bus's, by default); tests use a random one. */
  keyPrefix?: string | undefined;
  /** Keeps each user's keys apart within the prefix, e.g. `gateway`, `clinical`. */
  namespace: string;
  /** Size cap of the in-process fallback. */
  maxEntries?: number;
  /** How long one Redis command may take before it counts as a miss (ms). */
  timeoutMs?: number;
  logger?: Logger;
  /** Also called with every event (they are always counted in `cache_events_total` as `<namespace>.store`). */
  onEvent?: CacheEventHook | undefined;
}

/** Opens the cache; with Redis, waits briefly (never fails) for the connection so that the first requests can use it. */
export async function openSharedCache(options: SharedCacheOptions): Promise<SharedCache> {
  const keyPrefix = `${options.keyPrefix ?? DEFAULT_KEY_PREFIX}cache:${options.namespace}:`;
  const name = `${options.namespace}.store`;
  const onEvent = reportingTo(options.onEvent);
  if (!options.redisUrl) return new MemoryCache(name, options.maxEntries ?? 10_000, onEvent);
  const cache = new RedisCache({
    url: options.redisUrl,
    keyPrefix,
    name,
    timeoutMs: options.timeoutMs ?? 250,
    logger: options.logger ?? console,
    onEvent,
  });
  await cache.connected(1000);
  return cache;
}
