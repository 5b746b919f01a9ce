import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../../subgraphs/kit/db/db.ts';
import { pgliteResearchDatabase } from '../../../../subgraphs/kit/db/pglite-research.ts';

/** Runs for seconds on PGlite and reads no table. */
const COSTLY = 'SELECT count(*) AS n FROM generate_series(1, 5000) a, generate_series(1, 5000) b WHERE a + b = 1';

const values = async (db: Database, maxStalenessMs?: number): Promise<number[]> =>
  db.transaction(async (tx) => (await tx.query<{ a: number }>('SELECT a FROM t ORDER BY a')).rows.map((row) => row.a), { maxStalenessMs });

describe('the PGlite research database: a copy of the primary in a worker thread', () => {
  let primary: Database;
  let research: Database;
  beforeAll(async () => {
    primary = await openDatabase('memory://');
    await primary.exec('CREATE TABLE t (a int); CREATE TABLE trail (a int)');
    const { snapshots } = primary;
    if (!snapshots) throw new Error('a PGlite database has snapshots');
    snapshots.ignoreWrites((sql) => sql.startsWith('INSERT INTO trail'));
    research = pgliteResearchDatabase(snapshots);
  });
  afterAll(async () => {
    await research?.close();
    await primary?.close();
  });

  it('reads every commit of the primary made before it, in a read-only transaction', async () => {
    await primary.query('INSERT INTO t VALUES (1)');
    expect(await values(research)).toEqual([1]);
    await primary.transaction((tx) => tx.query('INSERT INTO t VALUES (2)'));
    expect(await values(research)).toEqual([1, 2]);
    await expect(research.transaction((tx) => tx.query('INSERT INTO t VALUES (3)'))).rejects.toMatchObject({ code: '25006' });
  });

  it('an ignored write does not make the copy stale (the copy does not see it)', async () => {
    const before = primary.snapshots?.changes();
    await primary.query('INSERT INTO trail VALUES (1)');
    expect(primary.snapshots?.changes()).toBe(before);
    expect(await research.transaction(async (tx) => (await tx.query('SELECT a FROM trail')).rows)).toEqual([]);
  });

  it('a statement over its deadline fails with SQLSTATE 57014, and the next transaction runs on a fresh thread', async () => {
    const stopped = research.transaction((tx) => tx.query(COSTLY), { timeoutMs: 200 });
    await expect(stopped).rejects.toMatchObject({ code: '57014', message: 'canceling statement due to statement timeout' });
    await primary.query('INSERT INTO t VALUES (4)');
    expect(await values(research)).toEqual([1, 2, 4]);
  });

  it('a statement whose signal aborts fails with 57014 while the primary answers meanwhile', async () => {
    const leaving = new AbortController();
    let sent: () => void = () => undefined;
    const running = new Promise<void>((resolve) => (sent = resolve));
    const stopObserving = research.observe((sql) => sql === COSTLY && sent());
    const stopped = research.transaction((tx) => tx.query(COSTLY), { signal: leaving.signal });
    await running;
    stopObserving();
    expect((await primary.query<{ n: number }>('SELECT count(*)::int AS n FROM t')).rows).toEqual([{ n: 3 }]);
    leaving.abort();
    await expect(stopped).rejects.toMatchObject({ code: '57014', message: 'canceling statement due to user request' });
    expect(await values(research)).toEqual([1, 2, 4]);
  });

  it('a transaction that accepts a lagging copy reads the one it finds while it is young enough, and the latest once older', async () => {
    const now = await values(research);
    await primary.query('INSERT INTO t VALUES (5)');
    // a copy at most an hour old: the one just taken serves, without the new row and without a dump
    expect(await values(research, 3_600_000)).toEqual(now);
    // an old copy may not be older than 1 ms: taken again
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await values(research, 1)).toEqual([...now, 5]);
    await primary.query('INSERT INTO t VALUES (6)');
    // a caller who needs the latest never reads the lagging copy
    expect(await values(research)).toEqual([...now, 5, 6]);
  });
});
