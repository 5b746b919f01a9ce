import type { CacheEventHook } from '../../platform/redis/cache-events.ts';
import type { RedisConnection } from '../../platform/redis/connection.ts';
import { openSharedCache } from '../../platform/redis/shared-cache.ts';
import type { ClinicalConfig } from './config.ts';
import { VersionCache } from './store/version-cache.ts';

export interface CompositionCache {
  versions: VersionCache;
  close(): Promise<void>;
}

/** The clinical service's cache of stored composition versions: in Redis when the service has a connection, else this process. */
export function openCompositionCache(
  config: ClinicalConfig,
  options: { redis: RedisConnection | undefined; keyPrefix: string; onCacheEvent?: CacheEventHook | undefined },
): CompositionCache {
  const store = openSharedCache({
    redis: options.redis,
    keyPrefix: options.keyPrefix,
    namespace: 'clinical',
    maxEntries: config.COMPOSITION_CACHE_MAX_ENTRIES,
    onEvent: options.onCacheEvent,
  });
  const versions = new VersionCache({
    store,
    maxEntries: config.COMPOSITION_CACHE_MAX_ENTRIES,
    ttlSeconds: config.COMPOSITION_CACHE_TTL_SECONDS,
    onEvent: options.onCacheEvent,
  });
  return { versions, close: () => store.close() };
}
