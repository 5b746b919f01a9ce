import { Worker } from 'node:worker_threads';
import type { QueryResult } from './db.ts';

const SCRIPT = new URL('./research-worker.mjs', import.meta.url);

/** How one statement runs on the thread: its deadline (0: none) and a signal that stops it. */
export interface ThreadStatementOptions {
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

type Reply = { id: number; rows: unknown[]; rowCount: number } | { id: number; error: ErrorFields };
type Ready = { ready: true } | { ready: false; error: ErrorFields };
type ErrorFields = { message: string } & Record<string, unknown>;

/** SQLSTATE 57014, as PostgreSQL answers a statement stopped by statement_timeout or pg_cancel_backend. */
const cancelled = (why: string): Error => Object.assign(new Error(`canceling statement due to ${why}`), { code: '57014' });

const rebuilt = ({ message, ...fields }: ErrorFields): Error => Object.assign(new Error(message), fields);

/**
 * A worker thread holding a PGlite loaded from a dump (research-worker.mjs). PGlite cannot interrupt
 * a statement, but terminating its thread stops the WASM at once: a statement over its deadline, or
 * whose signal aborts, ends the thread, which answers nothing more (start another).
 */
export class ResearchThread {
  private next = 0;
  private readonly pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  private ended: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      waiting?.resolve(reply);
    });
    worker.on('error', (error) => this.end(error));
    worker.on('exit', (code) => this.end(new Error(`the research thread exited (${code})`)));
  }

  /** A thread whose PGlite has loaded `dump` (the tar of a data directory). */
  static async start(dump: Uint8Array): Promise<ResearchThread> {
    const worker = new Worker(SCRIPT, { workerData: { dump } });
    const ready = await new Promise<Ready>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the research thread exited (${code}) before its database loaded`)));
    }).catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    });
    if (!ready.ready) {
      await worker.terminate();
      throw rebuilt(ready.error);
    }
    return new ResearchThread(worker);
  }

  /** False once the thread was stopped, or died. */
  get alive(): boolean {
    return this.ended === undefined;
  }

  async query<Row>(sql: string, params: unknown[] = [], { timeoutMs = 0, signal }: ThreadStatementOptions = {}): Promise<QueryResult<Row>> {
    signal?.throwIfAborted();
    if (this.ended) throw this.ended;
    const id = this.next++;
    const abort = () => void this.stop(cancelled('user request'));
    const deadline = timeoutMs > 0 ? setTimeout(() => void this.stop(cancelled('statement timeout')), timeoutMs) : undefined;
    signal?.addEventListener('abort', abort, { once: true });
    try {
      const reply = await new Promise<Reply>((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        this.worker.postMessage({ id, sql, params });
      });
      if ('error' in reply) throw rebuilt(reply.error);
      return { rows: reply.rows as Row[], rowCount: reply.rowCount };
    } finally {
      clearTimeout(deadline);
      signal?.removeEventListener('abort', abort);
    }
  }

  /** Ends the thread (and the statement it runs, which fails with `why`). */
  async stop(why: Error = new Error('the research thread was stopped')): Promise<void> {
    this.end(why);
    await this.worker.terminate();
  }

  private end(why: Error): void {
    this.ended ??= why;
    for (const waiting of this.pending.values()) waiting.reject(this.ended);
    this.pending.clear();
  }
}
