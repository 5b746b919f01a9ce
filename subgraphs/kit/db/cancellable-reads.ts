import type { Database } from './db.ts';
import { isPlainRead } from './statements.ts';

export { isPlainRead };

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
