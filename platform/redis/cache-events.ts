import { cacheEvents } from '../observability/metrics.ts';

/** What a cache reports: a served entry, an entry it had to load, or a call its store could not answer. */
export type CacheOutcome = 'hit' | 'miss' | 'error';

export interface CacheEvent {
  /** Which cache: e.g. `gateway`, `composition-version`, `composition-latest`. */
  cache: string;
  outcome: CacheOutcome;
}

/** Receives every cache event (metrics count them; tests watch them). Must not throw. */
export type CacheEventHook = (event: CacheEvent) => void;

/** Counts every event in `cache_events_total{cache, outcome}` (platform/observability/metrics.ts), then calls `hook`. */
export function reportingTo(hook?: CacheEventHook): CacheEventHook {
  return (event) => {
    cacheEvents.inc({ cache: event.cache, outcome: event.outcome });
    hook?.(event);
  };
}
