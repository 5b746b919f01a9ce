import { cacheEvents } from '../observability/metrics.ts';
import type { Logger } from './bus.ts';

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

const STILL_DOWN_EVERY_MS = 60_000;

/**
 * Logs a store outage without flooding the log: once when it starts, then at most once a minute
 * while it lasts, and once when the store is back.
 */
export class OutageLog {
  private down = false;
  private lastWarnedAt = 0;

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
  ) {}

  failed(reason: string): void {
    const now = Date.now();
    if (this.down && now - this.lastWarnedAt < STILL_DOWN_EVERY_MS) return;
    this.logger.warn(
      this.down
        ? `WARNING: ${this.what} still unavailable (${reason}); requests run without it.`
        : `WARNING: ${this.what} unavailable (${reason}); requests run without it until it is back.`,
    );
    this.down = true;
    this.lastWarnedAt = now;
  }

  recovered(): void {
    if (!this.down) return;
    this.down = false;
    this.logger.warn(`${this.what} is available again.`);
  }
}
