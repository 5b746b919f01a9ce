/**
 * Lets at most `total` pieces of work run at once, and at most `perKey` of one key (a caller);
 * the others wait in arrival order for a turn, for at most `waitMs`. Nothing waits forever: a
 * turn not given in time rejects with `onTimeout()`, and an aborted signal gives up the place.
 */
export class ConcurrencyGate {
  private running = 0;
  private readonly byKey = new Map<string, number>();
  private readonly waiting: { key: string; start: () => void }[] = [];

  constructor(
    private readonly total: number,
    private readonly perKey: number,
    private readonly waitMs: number,
    private readonly onTimeout: () => Error,
  ) {}

  async run<T>(key: string, work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.turn(key, signal);
    try {
      return await work();
    } finally {
      this.running -= 1;
      const left = (this.byKey.get(key) ?? 1) - 1;
      if (left === 0) this.byKey.delete(key);
      else this.byKey.set(key, left);
      this.startNext();
    }
  }

  private hasRoom(key: string): boolean {
    return this.running < this.total && (this.byKey.get(key) ?? 0) < this.perKey;
  }

  private take(key: string): void {
    this.running += 1;
    this.byKey.set(key, (this.byKey.get(key) ?? 0) + 1);
  }

  private turn(key: string, signal: AbortSignal | undefined): Promise<void> {
    signal?.throwIfAborted();
    // Waiters are started as soon as they have room (startNext), so none that remains could take this turn.
    if (this.hasRoom(key)) {
      this.take(key);
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        key,
        start: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', abandon);
          this.take(key);
          resolve();
        },
      };
      const leave = (error: Error) => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        signal?.removeEventListener('abort', abandon);
        clearTimeout(timer);
        reject(error);
        this.startNext();
      };
      const abandon = () => leave(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      const timer = setTimeout(() => leave(this.onTimeout()), this.waitMs);
      signal?.addEventListener('abort', abandon, { once: true });
      this.waiting.push(waiter);
    });
  }

  /** Starts the earliest waiters that have room (a caller at their own limit does not hold up others). */
  private startNext(): void {
    for (let i = 0; i < this.waiting.length && this.running < this.total;) {
      const waiter = this.waiting[i];
      if (waiter && this.hasRoom(waiter.key)) {
        this.waiting.splice(i, 1);
        waiter.start();
      } else i += 1;
    }
  }
}
