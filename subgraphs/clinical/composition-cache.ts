import type { CacheEventHook } from '../../platform/redis/cache-events.ts';
import { openSharedCache } from '../../platform/redis/open-shared-cache.ts';
import type { Logger } from '../../platform/redis/bus.ts';
import type { ClinicalConfig } from './config.ts';
import { VersionCache } from './store/version-cache.ts';

export interface CompositionCache {
  versions: VersionCache;
  close(): Promise<void>;
}

/** The clinical service's cache of stored composition versions: Redis when REDIS_URL is set, else this process. */
export async function openCompositionCache(
  config: ClinicalConfig,
  options: { keyPrefix?: string | undefined; logger?: Logger | undefined; onCacheEvent?: CacheEventHook | undefined },
): Promise<CompositionCache> {
  const store = await openSharedCache({
    redisUrl: config.REDIS_URL,
    keyPrefix: options.keyPrefix,
    namespace: 'clinical',
    maxEntries: config.COMPOSITION_CACHE_MAX_ENTRIES,
    logger: options.logger,
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
