import { join } from 'node:path';
import type { Database } from '../common/db.ts';
import { migrate } from '../common/migrate.ts';
import { openServiceDatabase } from '../common/storage.ts';
import { startSubgraph } from '../common/subgraph-server.ts';
import type { DemographicConfig } from './config.ts';
import { createDemographicContext } from './context.ts';
import { FieldCipher, loadOrCreateKeyFile, parseKey } from './crypto.ts';
import { resolvers } from './resolvers/index.ts';

const MIGRATIONS = new URL('./migrations/', import.meta.url);

export interface DemographicService {
  url: string;
  db: Database;
  stop(): Promise<void>;
}

/** The link key: LINK_ENCRYPTION_KEY, else (embedded default) a key file generated in the data folder. */
export function linkKey(config: DemographicConfig): Buffer {
  if (config.LINK_ENCRYPTION_KEY) return parseKey(config.LINK_ENCRYPTION_KEY) as Buffer;
  return loadOrCreateKeyFile(join(config.DATA_DIR, 'demographic', 'link.key'), (message) => console.warn(`WARNING: ${message}`));
}

/**
 * Starts the demographic subgraph. Tests pass their own `db` (a throw-away database); it is
 * migrated here and left open on stop, since its owner closes it.
 */
export async function startDemographicService(
  config: DemographicConfig,
  options: { db?: Database } = {},
): Promise<DemographicService> {
  const cipher = new FieldCipher(linkKey(config));
  const db = options.db ?? (await openServiceDatabase({
    service: 'demographic',
    databaseUrl: config.DEMOGRAPHIC_DATABASE_URL,
    dataDir: config.DATA_DIR,
    migrations: MIGRATIONS,
  }));
  if (options.db) await migrate(db, MIGRATIONS.pathname);
  const subgraph = await startSubgraph({
    sdlPath: new URL('../../schema/demographic.graphql', import.meta.url),
    resolvers,
    context: async () => createDemographicContext(db, cipher),
    port: config.DEMOGRAPHIC_PORT,
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
