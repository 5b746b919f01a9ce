import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, Queryable } from './db.ts';

/**
 * Applies the versioned SQL files of `folder` (`001_name.sql`, …) that are not yet recorded in
 * `schema_migrations`, each in its own transaction. An advisory lock keeps replicas that start
 * together from applying the same file twice.
 */
export async function migrate(db: Database, folder: string): Promise<string[]> {
  const files = migrationFiles(folder);
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied: string[] = [];
  for (const file of files) {
    const version = file.replace(/\.sql$/, '');
    const done = await db.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtext('schema_migrations'))");
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [version]);
      if (seen.rows.length > 0) return false;
      await tx.exec(readFileSync(join(folder, file), 'utf8'));
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
      return true;
    });
    if (done) applied.push(version);
  }
  return applied;
}

/** The versions recorded in `schema_migrations` (what readiness compares with the build's files). */
export async function appliedMigrations(db: Queryable): Promise<Set<string>> {
  const { rows } = await db.query<{ version: string }>('SELECT version FROM schema_migrations');
  return new Set(rows.map((row) => row.version));
}

/** The migration files of `folder` (`001_name.sql`, …), in the order they apply. */
export function migrationFiles(folder: string): string[] {
  return readdirSync(folder)
    .filter((name) => /^\d+_[\w-]+\.sql$/.test(name))
    .sort();
}
