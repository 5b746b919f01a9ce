/**
 * Shares one pending call among everyone who asks for the same key while it is pending; the key
 * is forgotten as soon as the call settles, so nothing is cached beyond the call itself.
 */
export class InFlight<T> {
  private readonly pending = new Map<string, Promise<T>>();

  run(key: string, call: () => Promise<T>): Promise<T> {
    const running = this.pending.get(key);
    if (running) return running;
    const started = call().finally(() => this.pending.delete(key));
    this.pending.set(key, started);
    return started;
  }
}
