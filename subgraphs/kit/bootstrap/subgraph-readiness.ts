import { NotReady, runChecks, type ReadyReport } from '../../../platform/observability/readiness.ts';
import type { Database } from '../db/db.ts';
import { appliedMigrations, migrationFiles } from '../db/migrate.ts';

/**
 * A subgraph is ready when its database answers and holds every migration this build knows (a
 * replica of a newer build stays unready until its migrations are in). Each check is bounded
 * (platform/observability/readiness.ts), so a hung database reads as not ready instead of hanging the probe.
 */
export function subgraphReadiness(db: Database, migrationsFolder: string): () => Promise<ReadyReport> {
  const expected = migrationFiles(migrationsFolder).map((file) => file.replace(/\.sql$/, ''));
  return () =>
    runChecks({
      database: {
        failure: 'unreachable',
        run: async () => {
          await db.query('SELECT 1');
        },
      },
      migrations: {
        failure: 'cannot be read',
        run: async () => {
          const applied = await appliedMigrations(db);
          const missing = expected.filter((version) => !applied.has(version));
          if (missing.length > 0) throw new NotReady(`${missing.length} not applied: ${missing.join(', ')}`);
          return `${expected.length} applied`;
        },
      },
    });
}
