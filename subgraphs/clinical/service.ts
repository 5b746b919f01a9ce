import type { Database } from '../common/db.ts';
import { migrate } from '../common/migrate.ts';
import { openServiceDatabase } from '../common/storage.ts';
import { startSubgraph } from '../common/subgraph-server.ts';
import type { ClinicalConfig } from './config.ts';
import { createClinicalContext } from './context.ts';
import { resolvers } from './resolvers/index.ts';

const MIGRATIONS = new URL('./migrations/', import.meta.url);

export interface ClinicalService {
  url: string;
  db: Database;
  stop(): Promise<void>;
}

/**
 * Starts the clinical subgraph. Tests pass their own `db` (a throw-away database); it is migrated
 * here and left open on stop, since its owner closes it.
 */
export async function startClinicalService(config: ClinicalConfig, options: { db?: Database } = {}): Promise<ClinicalService> {
  const db = options.db ?? (await openServiceDatabase({
    service: 'clinical',
    databaseUrl: config.CLINICAL_DATABASE_URL,
    dataDir: config.DATA_DIR,
    migrations: MIGRATIONS,
  }));
  if (options.db) await migrate(db, MIGRATIONS.pathname);
  const subgraph = await startSubgraph({
    sdlPath: new URL('../../schema/clinical.graphql', import.meta.url),
    resolvers,
    context: async () => createClinicalContext(db, config.SYSTEM_ID),
    port: config.CLINICAL_PORT,
    host: config.HOST,
  });
  return {
    url: subgraph.url,
    db,
    async stop() {
      await subgraph.stop();
      if (!options.db) await db.close();
    },
  };
}
