interface Shared<T> {
  result: Promise<T>;
  /** Aborts the call once every caller that waits for it has gone. */
  controller: AbortController;
  waiting: number;
}

/**
 * Shares one pending call among everyone who asks for the same key while it is pending; the key
 * is forgotten as soon as the call settles, so nothing is cached beyond the call itself. A caller
 * whose signal aborts stops waiting at once; the call itself is aborted only when no caller is
 * left, so one caller giving up never cancels another's answer.
 */
export class InFlight<T> {
  private readonly pending = new Map<string, Shared<T>>();

  run(key: string, call: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    let shared = this.pending.get(key);
    if (!shared) {
      const controller = new AbortController();
      const started: Shared<T> = { controller, waiting: 0, result: call(controller.signal).finally(() => this.forget(key, started)) };
      shared = started;
      this.pending.set(key, shared);
    }
    return this.wait(key, shared, signal);
  }

  private wait(key: string, shared: Shared<T>, signal: AbortSignal | undefined): Promise<T> {
    shared.waiting += 1;
    if (!signal) return shared.result; // a caller that cannot go away keeps the call to its end
    return new Promise<T>((resolve, reject) => {
      const leave = () => {
        shared.waiting -= 1;
        if (shared.waiting === 0) {
          // nobody may join a call being aborted: the next caller starts a fresh one
          this.forget(key, shared);
          shared.controller.abort(signal.reason);
        }
        reject(signal.reason as Error);
      };
      signal.addEventListener('abort', leave, { once: true });
      shared.result.then(resolve, reject).finally(() => signal.removeEventListener('abort', leave));
    });
  }

  private forget(key: string, shared: Shared<T>): void {
    if (this.pending.get(key) === shared) this.pending.delete(key);
  }
}
