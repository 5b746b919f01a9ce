import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';

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

export interface Database extends Queryable {
  readonly engine: 'postgres' | 'pglite';
  /** Connection pool use (PostgreSQL only: PGlite has no pool), for the metrics. */
  poolStats?: () => { total: number; idle: number; waiting: number };
  /** Calls `observer` with every statement run through this database (transactions included) until the returned function is called. */
  observe(observer: StatementObserver): () => void;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `postgres://…` → PostgreSQL through a pg pool; `memory://` → in-memory PGlite; anything else → PGlite folder. */
export async function openDatabase(location: string): Promise<Database> {
  if (/^postgres(ql)?:\/\//.test(location)) return openPostgres(location);
  return openPglite(location);
}

async function openPostgres(url: string): Promise<Database> {
  // A connect that gets no answer (dead network) fails after 5 s instead of holding the request forever.
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5_000 });
  pool.on('error', () => undefined); // idle-client errors surface on the next query instead of crashing
  await pool.query('SELECT 1');
  const observers = new Set<StatementObserver>();
  const run = async <Row>(client: pg.Pool | pg.PoolClient, sql: string, params?: unknown[]) => {
    notify(observers, sql);
    const result = await client.query(sql, params as unknown[]);
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
  };
  return {
    engine: 'postgres',
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    observe: (observer) => observeWith(observers, observer),
    query: (sql, params) => run(pool, sql, params),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
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
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
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
  const run = async <Row>(client: Pick<PGlite, 'query'>, sql: string, params?: unknown[]) => {
    notify(observers, sql);
    const result = await client.query<Row>(sql, params);
    // affectedRows is 0 for SELECT, rows is empty for UPDATE without RETURNING: take the larger
    return { rows: result.rows, rowCount: Math.max(result.rows.length, result.affectedRows ?? 0) };
  };
  return {
    engine: 'pglite',
    observe: (observer) => observeWith(observers, observer),
    query: (sql, params) => run(db, sql, params),
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          query: (sql, params) => run(tx, sql, params),
          exec: async (sql) => {
            notify(observers, sql);
            await tx.exec(sql);
          },
        }),
      ),
    async exec(sql) {
      notify(observers, sql);
      await db.exec(sql);
    },
    close: () => db.close(),
  };
}

function observeWith(observers: Set<StatementObserver>, observer: StatementObserver): () => void {
  observers.add(observer);
  return () => void observers.delete(observer);
}

function notify(observers: Set<StatementObserver>, sql: string): void {
  for (const observer of observers) observer(sql);
}
