import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';

/**
 * Apollo's `KeyValueCache<string>` (get / set with `{ ttl }` in seconds / delete), over Redis when
 * the service has a connection, else in this process. It never throws and never waits long: an
 * unreachable or slow store reads as empty and writes go nowhere, so a cache can only make requests faster.
 */
export interface SharedCache extends KeyValueCache {
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
