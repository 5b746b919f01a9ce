import type { KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { LRUCache } from 'lru-cache';
import type { CacheEventHook } from './cache-events.ts';
import type { SharedCache } from './shared-cache.ts';

/** Seconds (Apollo's unit; null or absent: no expiry) to lru-cache's milliseconds. */
export const ttlMs = (options?: KeyValueCacheSetOptions) => (options?.ttl ? Math.round(options.ttl * 1000) : undefined);

/** The in-process fallback when REDIS_URL is unset: one process, so nothing to share. */
export class MemoryCache implements SharedCache {
  readonly shared = false;
  private readonly entries: LRUCache<string, string>;

  constructor(
    private readonly name: string,
    maxEntries: number,
    private readonly onEvent: CacheEventHook,
  ) {
    this.entries = new LRUCache({ max: maxEntries });
  }

  async get(key: string) {
    const value = this.entries.get(key);
    this.onEvent({ cache: this.name, outcome: value === undefined ? 'miss' : 'hit' });
    return value;
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions) {
    this.entries.set(key, value, { ttl: ttlMs(options) });
  }

  async setMax(key: string, value: number, options?: KeyValueCacheSetOptions) {
    const current = Number(this.entries.get(key));
    if (!(current >= value)) await this.set(key, String(value), options);
    return true;
  }

  async delete(key: string) {
    return this.entries.delete(key);
  }

  async remove(key: string) {
    this.entries.delete(key);
    return true;
  }

  onAvailable(): void {}

  async close() {
    this.entries.clear();
  }
}
