import type { Database } from './db.ts';

/**
 * A plain read: one SELECT. Only these are cancelled: a write outside a transaction (an EHR created,
 * an audit record appended) finishes even when its client has left, as commits do.
 */
export const isPlainRead = (sql: string): boolean => /^\s*SELECT\b/i.test(sql);

/**
 * `db` with each plain read outside a transaction cancelled when the signal of the request it runs
 * for aborts (the client went away): on PostgreSQL the statement stops at once instead of at
 * DB_READ_TIMEOUT_MS; PGlite cannot interrupt one, so there it runs to its end. Statements inside a
 * transaction are not touched: a commit finishes on purpose, and research transactions bring their own signal.
 */
export function cancellingReads(db: Database, signalOf: () => AbortSignal | undefined): Database {
  return {
    ...db,
    query: (sql, params, options) => db.query(sql, params, options ?? (isPlainRead(sql) ? { signal: signalOf() } : undefined)),
  };
}
