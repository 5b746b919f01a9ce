import type { Logger } from '../observability/logger.ts';

const STILL_DOWN_EVERY_MS = 60_000;

/**
 * Logs an outage of a store without flooding the log: once when it starts, then at most once a
 * minute while it lasts, and once when the store is back.
 */
export class OutageLog {
  private lastWarnedAt = 0;
  private isDown = false;

  constructor(
    private readonly logger: Logger,
    /** What is down, e.g. `Redis at 127.0.0.1:6379`. */
    private readonly what: string,
    /** What the callers do meanwhile, e.g. `caches miss until it is back`. */
    private readonly meanwhile: string,
    private readonly now: () => number = Date.now,
  ) {}

  get down(): boolean {
    return this.isDown;
  }

  failed(reason: string): void {
    const now = this.now();
    if (this.isDown && now - this.lastWarnedAt < STILL_DOWN_EVERY_MS) return;
    this.logger.warn(
      this.isDown
        ? `WARNING: ${this.what} still unavailable (${reason}); ${this.meanwhile}.`
        : `WARNING: ${this.what} unavailable (${reason}); ${this.meanwhile}.`,
    );
    this.isDown = true;
    this.lastWarnedAt = now;
  }

  /** True when this ends an outage (which is then logged). */
  recovered(): boolean {
    if (!this.isDown) return false;
    this.isDown = false;
    this.logger.warn(`${this.what} is available again.`);
    return true;
  }
}
