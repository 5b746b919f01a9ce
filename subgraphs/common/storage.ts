import { join } from 'node:path';
import { openDatabase, type Database } from './db.ts';
import { migrate } from './migrate.ts';

/**
 * Opens a service's own database — PostgreSQL when a URL is configured, else PGlite files under
 * `<dataDir>/<service>` — and brings its schema up to date.
 */
export async function openServiceDatabase(options: {
  service: string;
  databaseUrl: string | undefined;
  dataDir: string;
  migrations: URL;
}): Promise<Database> {
  const db = await openDatabase(options.databaseUrl ?? join(options.dataDir, options.service));
  try {
    await migrate(db, options.migrations.pathname);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
