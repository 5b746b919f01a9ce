import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../subgraphs/kit/db/db.ts';

/** Real PostgreSQL when TEST_DATABASE_URL is set (CI); in-memory PGlite otherwise. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;
export const usingRealPostgres = testDatabaseUrl !== undefined;

export interface TestDatabase {
  db: Database;
  /** Set for real PostgreSQL: the throw-away database's URL. */
  url: string | undefined;
  drop(): Promise<void>;
}

/** A fresh, empty database of its own: a new PostgreSQL database dropped afterwards, or a PGlite in memory. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  if (!testDatabaseUrl) {
    const db = await openDatabase('memory://');
    return { db, url: undefined, drop: () => db.close() };
  }
  const name = `test_${label}_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase(url.toString());
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
