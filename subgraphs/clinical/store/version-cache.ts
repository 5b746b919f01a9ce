import { LRUCache } from 'lru-cache';
import type { RedisConnection } from '../../../platform/redis/connection.ts';
import { reportingTo, type CacheEventHook } from '../../../platform/redis/cache-events.ts';
import { openSharedCache } from '../../../platform/redis/open-shared-cache.ts';
import type { SharedCache } from '../../../platform/redis/shared-cache.ts';
import type { ClinicalConfig } from '../config.ts';
import type { CompositionRow } from '../model/rows.ts';
import type { VersionKey } from './composition-pages.ts';

export interface VersionCacheOptions {
  /** Holds the "latest version" pointers, and the rows too when it is shared (Redis). */
  store: SharedCache;
  /** Size cap of this process's copy of the rows. */
  maxEntries: number;
  ttlSeconds: number;
  onEvent?: CacheEventHook | undefined;
}

const versionKey = (objectId: string, version: number) => `version:${objectId}::${version}`;
const latestKey = (objectId: string) => `latest:${objectId}`;

/**
 * Read-through cache of stored composition versions, shared by every caller: it holds rows exactly
 * as stored, and each caller's access layer filters what it gets from here, as it would a row read
 * from the database. A version never changes once written, so a cached row is always right. The
 * pointer to an object's latest version does change: a commit moves it forward after it is
 * committed (never backwards, see `setMax`), and only commits move it.
 */
export class VersionCache {
  private readonly rows: LRUCache<string, CompositionRow>;
  private readonly report: CacheEventHook;
  /** Objects whose pointer a commit could not move (store down): not read from the store until forgotten there. */
  private readonly unflushed = new Set<string>();
  private readonly ttl: { ttl: number };

  constructor(private readonly options: VersionCacheOptions) {
    this.rows = new LRUCache({ max: options.maxEntries, ttl: options.ttlSeconds * 1000 });
    this.report = reportingTo(options.onEvent);
    this.ttl = { ttl: options.ttlSeconds };
    options.store.onAvailable(() => void this.flush());
  }

  /** Version `version` of `objectId`, from the cache or else from `load`. */
  async version(objectId: string, version: number, load: () => Promise<CompositionRow | null>): Promise<CompositionRow | null> {
    const cached = await this.cachedRow(objectId, version);
    this.report({ cache: 'clinical.composition-version', outcome: cached ? 'hit' : 'miss' });
    if (cached) return cached;
    const row = await load();
    if (row) await this.remember(row);
    return row;
  }

  /**
   * Many versions at once (a page's), by uid: those cached, the others from one `load` of the missing
   * uids, then remembered. A page thus reads each version's document from the database once, not on
   * every read, and every caller shares the one parsed row (and its summary).
   */
  async versions(keys: readonly VersionKey[], load: (uids: string[]) => Promise<CompositionRow[]>): Promise<Map<string, CompositionRow>> {
    const found = new Map<string, CompositionRow>();
    const missing: string[] = [];
    const cached = await Promise.all(keys.map((key) => this.cachedRow(key.objectId, key.version)));
    for (const [i, key] of keys.entries()) {
      const row = cached[i];
      this.report({ cache: 'clinical.composition-version', outcome: row ? 'hit' : 'miss' });
      if (row) found.set(key.uid, row);
      else missing.push(key.uid);
    }
    if (missing.length === 0) return found;
    for (const row of await load(missing)) {
      await this.remember(row);
      found.set(row.uid, row);
    }
    return found;
  }

  /** The latest version of `objectId`, from the cache or else from `load`. */
  async latest(objectId: string, load: () => Promise<CompositionRow | null>): Promise<CompositionRow | null> {
    const pointer = await this.pointer(objectId);
    const cached = pointer === undefined ? undefined : await this.cachedRow(objectId, pointer);
    this.report({ cache: 'clinical.composition-latest', outcome: cached ? 'hit' : 'miss' });
    if (cached) return cached;
    const row = await load();
    if (row) {
      await this.remember(row);
      // setMax: had a commit moved the pointer past this row since `load` read it, it stays there.
      if (!this.unflushed.has(objectId)) await this.options.store.setMax(latestKey(objectId), row.version, this.ttl);
    }
    return row;
  }

  /** After a commit of `row`: it is now its object's latest version. */
  async committed(row: CompositionRow): Promise<void> {
    await this.remember(row);
    const moved = await this.options.store.setMax(latestKey(row.objectId), row.version, this.ttl);
    if (!moved) this.unflushed.add(row.objectId);
  }

  private async pointer(objectId: string): Promise<number | undefined> {
    if (this.unflushed.size > 0) await this.flush();
    if (this.unflushed.has(objectId)) return undefined;
    const text = await this.options.store.get(latestKey(objectId));
    return text === undefined ? undefined : Number(text);
  }

  /** Forgets, in the store, the pointers that commits could not move while it was down. */
  private async flush(): Promise<void> {
    for (const objectId of [...this.unflushed]) {
      if (await this.options.store.remove(latestKey(objectId))) this.unflushed.delete(objectId);
    }
  }

  private async cachedRow(objectId: string, version: number): Promise<CompositionRow | undefined> {
    const key = versionKey(objectId, version);
    const local = this.rows.get(key);
    if (local || !this.options.store.shared) return local;
    const text = await this.options.store.get(key);
    if (text === undefined) return undefined;
    const row = parseRow(text);
    this.rows.set(key, row);
    return row;
  }

  private async remember(row: CompositionRow): Promise<void> {
    const key = versionKey(row.objectId, row.version);
    this.rows.set(key, row);
    if (this.options.store.shared) await this.options.store.set(key, JSON.stringify(row), this.ttl);
  }
}

function parseRow(text: string): CompositionRow {
  const row = JSON.parse(text) as CompositionRow & { startTime: string | null; committedAt: string };
  return { ...row, startTime: row.startTime === null ? null : new Date(row.startTime), committedAt: new Date(row.committedAt) };
}

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
