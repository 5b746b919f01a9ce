import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cancellingReads } from '../../../../subgraphs/kit/db/cancellable-reads.ts';
import { openDatabase, type Database, type StatementOptions } from '../../../../subgraphs/kit/db/db.ts';

const WRITES = [
  'INSERT INTO t VALUES (1)',
  'UPDATE t SET a = 1',
  'DELETE FROM t',
  'WITH x AS (DELETE FROM t RETURNING a) SELECT a FROM x',
  'CREATE TABLE u (a int)',
];
const statement = fc.oneof(
  fc.tuple(fc.constantFrom('', ' ', '\n  '), fc.constantFrom('SELECT', 'select', 'Select'), fc.string()).map(([space, keyword, rest]) => ({
    sql: `${space}${keyword} ${rest}`,
    read: true,
  })),
  fc.tuple(fc.constantFrom(...WRITES), fc.string()).map(([write, rest]) => ({ sql: `${write} ${rest}`, read: false })),
  fc.string().map((sql) => ({ sql, read: /^\s*SELECT\b/i.test(sql) })),
);

describe('cancellingReads', () => {
  it('gives the request signal to plain reads only, and leaves statements that pass their own options alone', async () => {
    const seen: (StatementOptions | undefined)[] = [];
    const recording: Database = {
      engine: 'postgres',
      query: async (_sql: string, _params?: unknown[], options?: StatementOptions) => (seen.push(options), { rows: [], rowCount: 0 }),
      exec: async () => undefined,
      observe: () => () => undefined,
      transaction: (work) => work(recording),
      close: async () => undefined,
    };
    const signal = new AbortController().signal;
    const wrapped = cancellingReads(recording, () => signal);
    await fc.assert(
      fc.asyncProperty(statement, fc.boolean(), async ({ sql, read }, ownOptions) => {
        seen.length = 0;
        const own: StatementOptions = {};
        await wrapped.query(sql, [], ownOptions ? own : undefined);
        expect(seen).toEqual([ownOptions ? own : read ? { signal } : undefined]);
        if (ownOptions) expect(seen[0]).toBe(own);
      }),
    );
  });

  it('refuses a read whose request has already gone, before it reaches the database; a write still runs (PGlite)', async () => {
    const db = await openDatabase('memory://');
    const gone = new AbortController();
    gone.abort(new Error('the client closed the connection'));
    const wrapped = cancellingReads(db, () => gone.signal);
    try {
      await wrapped.exec('CREATE TABLE t (a int)');
      await wrapped.query('INSERT INTO t VALUES (1)');
      await expect(wrapped.query('SELECT a FROM t')).rejects.toThrow('the client closed the connection');
      expect((await db.query('SELECT a FROM t')).rows).toEqual([{ a: 1 }]);
      // outside a request there is no signal: reads run as before
      expect((await cancellingReads(db, () => undefined).query('SELECT a FROM t')).rows).toEqual([{ a: 1 }]);
    } finally {
      await db.close();
    }
  });
});
