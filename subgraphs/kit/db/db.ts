import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import { isDatabaseUnavailable } from '../../../platform/errors/db-errors.ts';
import { isPlainRead } from './statements.ts';

export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

/** What every store needs: parameterised SQL. Same SQL on PostgreSQL and PGlite. */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<Row>>;
  /** Runs several statements separated by semicolons, without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** Sees the text of every statement a Database runs (tests count statements per request). */
export type StatementObserver = (sql: string) => void;

/** How one statement outside a transaction may run. */
export interface StatementOptions {
  /**
   * Aborting it cancels the statement (PostgreSQL: pg_cancel_backend from another connection). PGlite
   * cannot interrupt a statement: there it runs to its end, and only a statement not yet started is refused.
   */
  signal?: AbortSignal | undefined;
}

/** How one transaction may run: its statements' deadline, and a signal that cancels the statement running. */
export interface TransactionOptions {
  /** `statement_timeout` of every statement inside (PostgreSQL; PGlite cannot interrupt a statement). 0: no deadline. */
  timeoutMs?: number;
  /** Aborting it cancels the statement in progress (PostgreSQL: pg_cancel_backend from another connection). */
  signal?: AbortSignal | undefined;
  /** On a copy of the primary (PGlite research): how old the copy may be, in ms, when the primary changed since; unset or 0: the latest. */
  maxStalenessMs?: number;
}

/** How a database is opened: its pool size and the deadline of statements outside transactions. */
export interface DatabaseOptions {
  /** Connections of the pool (PostgreSQL). */
  max?: number;
  /** `statement_timeout` of every connection (PostgreSQL); 0 or unset: none. */
  statementTimeoutMs?: number;
  /** `statement_timeout` inside a transaction that gives none of its own (PostgreSQL); 0 or unset: as outside. */
  transactionTimeoutMs?: number;
}

/** A PGlite database's copies, for the research engine that runs on one (pglite-research.ts). */
export interface PgliteSnapshots {
  /** Grows with every statement that may have changed data (a transaction, exec, a write outside a transaction), once it ended. */
  changes(): number;
  /** Writes outside a transaction that `unread` matches no longer count as changes (tables no copy reads: the audit trail). */
  ignoreWrites(unread: (sql: string) => boolean): void;
  /** The data directory as an uncompressed tar, for `PGlite.create({ loadDataDir })`. */
  dump(): Promise<Blob>;
}

export interface Database extends Queryable {
  readonly engine: 'postgres' | 'pglite';
  /** PGlite only. */
  snapshots?: PgliteSnapshots;
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[], options?: StatementOptions): Promise<QueryResult<Row>>;
  /** Connection pool use (PostgreSQL only: PGlite has no pool), for the metrics. */
  poolStats?: () => { total: number; idle: number; waiting: number };
  /** Calls `observer` with every statement run through this database (transactions included) until the returned function is called. */
  observe(observer: StatementObserver): () => void;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}

/** `postgres://…` → PostgreSQL through a pg pool; `memory://` → in-memory PGlite; anything else → PGlite folder. */
export async function openDatabase(location: string, options: DatabaseOptions = {}): Promise<Database> {
  if (/^postgres(ql)?:\/\//.test(location)) return openPostgres(location, options);
  return openPglite(location);
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  // A connect that gets no answer (dead network) fails after 5 s instead of holding the request forever.
  const poolSize = options.max ?? 10;
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 5_000,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  });
  const defaultTransactionTimeout = options.transactionTimeoutMs || undefined;
  pool.on('error', () => undefined); // idle-client errors surface on the next query instead of crashing
  // …and so do those of a checked-out client whose server goes away between statements (a lost replica)
  pool.on('connect', (client) => client.on('error', () => undefined));
  await pool.query('SELECT 1');
  const observers = new Set<StatementObserver>();
  const run = async <Row>(client: pg.Pool | pg.PoolClient, sql: string, params?: unknown[]) => {
    notify(observers, sql);
    const result = await client.query(sql, params as unknown[]);
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
  };
  const queryOnce = async <Row>(sql: string, params: unknown[] | undefined, { signal }: StatementOptions) => {
    if (!signal) return run<Row>(pool, sql, params);
    signal.throwIfAborted();
    const client = await pool.connect();
    let cancelling: Cancelling | undefined;
    let broken: Error | undefined;
    try {
      cancelling = await cancelOnAbort(url, client, signal);
      return await run<Row>(client, sql, params);
    } catch (error) {
      broken = brokenConnection(error);
      throw error;
    } finally {
      await cancelling?.stop();
      client.release(broken);
    }
  };
  return {
    engine: 'postgres',
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    observe: (observer) => observeWith(observers, observer),
    async query<Row>(sql: string, params?: unknown[], options: StatementOptions = {}) {
      // A pooled connection the server closed while it sat idle fails at once on its next statement
      // (and is destroyed on release): a plain read is tried again, at most once per pooled connection.
      for (let attempt = 0; ; attempt++) {
        try {
          return await queryOnce<Row>(sql, params, options);
        } catch (error) {
          if (!isPlainRead(sql) || !closedWhileIdle(error) || attempt >= poolSize) throw error;
        }
      }
    },
    async transaction(work, options = {}) {
      options.signal?.throwIfAborted();
      const client = await pool.connect();
      let cancelling: Cancelling | undefined;
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const { timeoutMs = defaultTransactionTimeout, signal } = options;
        if (timeoutMs !== undefined) await client.query(`SELECT set_config('statement_timeout', $1, true)`, [String(timeoutMs)]);
        if (signal) cancelling = await cancelOnAbort(url, client, signal);
        const result = await work({
          query: (sql, params) => run(client, sql, params),
          exec: async (sql) => {
            notify(observers, sql);
            await client.query(sql);
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        broken = brokenConnection(error);
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        await cancelling?.stop();
        client.release(broken);
      }
    },
    async exec(sql) {
      notify(observers, sql);
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}

async function openPglite(location: string): Promise<Database> {
  if (location !== 'memory://') mkdirSync(location, { recursive: true });
  const db = await PGlite.create(location === 'memory://' ? undefined : location);
  const observers = new Set<StatementObserver>();
  let changes = 0;
  let unread = (_sql: string) => false;
  const changing = async <T>(work: Promise<T>): Promise<T> => {
    try {
      return await work;
    } finally {
      changes++;
    }
  };
  const run = async <Row>(client: Pick<PGlite, 'query'>, sql: string, params?: unknown[]) => {
    notify(observers, sql);
    const result = await client.query<Row>(sql, params);
    // affectedRows is 0 for SELECT, rows is empty for UPDATE without RETURNING: take the larger
    return { rows: result.rows, rowCount: Math.max(result.rows.length, result.affectedRows ?? 0) };
  };
  return {
    engine: 'pglite',
    snapshots: {
      changes: () => changes,
      ignoreWrites: (matches) => void (unread = matches),
      dump: () => db.dumpDataDir('none'),
    },
    observe: (observer) => observeWith(observers, observer),
    async query(sql, params, { signal } = {}) {
      signal?.throwIfAborted();
      return isPlainRead(sql) || unread(sql) ? run(db, sql, params) : changing(run(db, sql, params));
    },
    transaction: (work) =>
      changing(
        db.transaction((tx) =>
          work({
            query: (sql, params) => run(tx, sql, params),
            exec: async (sql) => {
              notify(observers, sql);
              await tx.exec(sql);
            },
          }),
        ),
      ),
    async exec(sql) {
      notify(observers, sql);
      await changing(db.exec(sql));
    },
    close: () => db.close(),
  };
}

/** A connection the server dropped is destroyed when released, not handed to the next caller. */
const brokenConnection = (error: unknown): Error | undefined => (isDatabaseUnavailable(error) && error instanceof Error ? error : undefined);

/** The error of a pooled connection the server had closed (not of a connect that failed: no retry helps those). */
const closedWhileIdle = (error: unknown): boolean =>
  error instanceof Error &&
  (/terminated unexpectedly|not queryable/i.test(error.message) || ['ECONNRESET', 'EPIPE'].includes(String((error as { code?: unknown }).code)));

interface Cancelling {
  /** Stops listening, and waits for a cancel already sent (so that it cannot reach the connection's next user). */
  stop(): Promise<void>;
}

const backendPids = new WeakMap<pg.PoolClient, number>();

/** The server process behind `client`, asked once per connection (the pool hands the same clients out again). */
async function backendPid(client: pg.PoolClient): Promise<number | undefined> {
  const known = backendPids.get(client);
  if (known !== undefined) return known;
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const pid = rows[0]?.pid;
  if (pid !== undefined) backendPids.set(client, pid);
  return pid;
}

/**
 * Cancels the statement `client` runs when `signal` aborts, from a connection of its own (the
 * client's is busy, and the pool's may all be).
 */
async function cancelOnAbort(url: string, client: pg.PoolClient, signal: AbortSignal): Promise<Cancelling> {
  const pid = await backendPid(client);
  let sent: Promise<void> | undefined;
  const cancel = () => void (sent ??= cancelBackend(url, pid));
  if (signal.aborted) cancel();
  signal.addEventListener('abort', cancel, { once: true });
  return {
    async stop() {
      signal.removeEventListener('abort', cancel);
      await sent;
    },
  };
}

async function cancelBackend(url: string, pid: number | undefined): Promise<void> {
  const canceller = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await canceller.connect();
    await canceller.query('SELECT pg_cancel_backend($1)', [pid]);
  } catch {
    // the statement ends at its deadline anyway
  } finally {
    await canceller.end().catch(() => undefined);
  }
}

/** Adds `observer`; the function returned removes it (Database.observe of every engine). */
export function observeWith(observers: Set<StatementObserver>, observer: StatementObserver): () => void {
  observers.add(observer);
  return () => void observers.delete(observer);
}

export function notify(observers: Set<StatementObserver>, sql: string): void {
  for (const observer of observers) observer(sql);
}
