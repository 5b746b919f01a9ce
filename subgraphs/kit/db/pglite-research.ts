import { notify, observeWith, type Database, type PgliteSnapshots, type Queryable, type StatementObserver, type TransactionOptions } from './db.ts';
import { ResearchThread } from './research-thread.ts';

/** A copy of the primary: its data directory, the primary's change count and the time when it was taken. */
interface Snapshot {
  changes: number;
  takenAt: number;
  dump: Uint8Array;
}

/**
 * The research database of a PGlite primary: a copy of it in a worker thread (research-thread.ts),
 * so that a costly AQL query, stored query or cohort never holds the primary (PGlite runs one
 * statement at a time, in-process, and cannot interrupt one) and ends at its deadline. The copy is
 * taken again before a transaction when the primary changed since the last one, so research
 * reads everything committed before it started, unless the transaction accepts an older copy
 * (`maxStalenessMs`: researchers, RESEARCH_COPY_MAX_LAG_MS) and this one is young enough. The dump
 * holds the primary for its duration, so the lag bounds what a stream of queries can cost it.
 * Transactions run one at a time, read-only; a statement over `timeoutMs` or whose signal aborts
 * ends the thread and fails with SQLSTATE 57014 as on PostgreSQL, and a fresh thread is started
 * from the copy.
 */
export function pgliteResearchDatabase(snapshots: PgliteSnapshots): Database {
  const observers = new Set<StatementObserver>();
  let snapshot: Snapshot | undefined;
  let thread: Promise<ResearchThread> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  const restart = (from: Snapshot) => {
    const started = ResearchThread.start(from.dump);
    started.catch(() => undefined); // the next caller sees the failure, and starts again
    thread = started;
    return started;
  };
  /** After a thread was stopped: the next one loads the copy now, not when a caller needs it. */
  const readyAgain = () => {
    if (!closed && snapshot) void restart(snapshot);
  };
  /** A copy older than `maxStalenessMs` (0: any) that misses changes of the primary is taken again. */
  const outdated = (from: Snapshot, changes: number, maxStalenessMs: number): boolean =>
    from.changes !== changes && (maxStalenessMs <= 0 || Date.now() - from.takenAt >= maxStalenessMs);
  /** A live thread on a copy with everything the primary committed so far, or at most `maxStalenessMs` older. */
  const current = async (maxStalenessMs = 0): Promise<ResearchThread> => {
    const changes = snapshots.changes();
    if (!snapshot || outdated(snapshot, changes, maxStalenessMs)) {
      const takenAt = Date.now();
      const dump = new Uint8Array(await (await snapshots.dump()).arrayBuffer());
      snapshot = { changes, takenAt, dump };
      void thread?.then((old) => old.stop()).catch(() => undefined);
      return restart(snapshot);
    }
    const running = await thread?.catch(() => undefined);
    return running?.alive ? running : restart(snapshot);
  };
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work, work);
    queue = result.catch(() => undefined);
    return result;
  };
  const onThread = (running: ResearchThread, options: TransactionOptions = {}): Queryable => ({
    query: <Row>(sql: string, params?: unknown[]) => {
      notify(observers, sql);
      return running.query<Row>(sql, params, options);
    },
    exec: async (sql) => {
      notify(observers, sql);
      await running.query(sql, [], options);
    },
  });

  return {
    engine: 'pglite',
    observe: (observer) => observeWith(observers, observer),
    query: (sql, params, options) =>
      serially(async () => {
        options?.signal?.throwIfAborted();
        return onThread(await current(), options).query(sql, params);
      }),
    exec: (sql) => serially(async () => onThread(await current()).exec(sql)),
    transaction: (work, options = {}) =>
      serially(async () => {
        options.signal?.throwIfAborted();
        if (closed) throw new Error('the research database is closed');
        const running = await current(options.maxStalenessMs);
        const tx = onThread(running, options);
        await tx.query('BEGIN READ ONLY');
        try {
          const result = await work(tx);
          await tx.query('COMMIT');
          return result;
        } catch (error) {
          if (running.alive) await tx.query('ROLLBACK').catch(() => undefined);
          else readyAgain();
          throw error;
        }
      }),
    async close() {
      closed = true;
      await (await thread?.catch(() => undefined))?.stop(); // a statement still running ends with it
      await queue;
      await (await thread?.catch(() => undefined))?.stop(); // …and so does a thread restarted meanwhile
    },
  };
}
