import { join } from 'node:path';
import { startSubgraphService, type ServiceOptions, type SubgraphService } from '../kit/bootstrap/subgraph-service.ts';
import type { DemographicConfig } from './config.ts';
import { createDemographicContext } from './context.ts';
import { FieldCipher, loadOrCreateKeyFile, parseKey } from './crypto.ts';
import { resolvers } from './resolvers/index.ts';
import { DemographicStore } from './store/demographic-store.ts';

/** The link key: LINK_ENCRYPTION_KEY, else (embedded default) a key file generated in the data folder. */
export function linkKey(config: DemographicConfig): Buffer {
  if (config.LINK_ENCRYPTION_KEY) return parseKey(config.LINK_ENCRYPTION_KEY) as Buffer;
  return loadOrCreateKeyFile(join(config.DATA_DIR, 'demographic', 'link.key'), (message) => console.warn(`WARNING: ${message}`));
}

/** Starts the demographic subgraph on its own database (or on `db`, which the caller owns). */
export function startDemographicService(config: DemographicConfig, options: ServiceOptions = {}): Promise<SubgraphService> {
  const cipher = new FieldCipher(linkKey(config));
  return startSubgraphService({
    name: 'demographic',
    sdl: new URL('../../schema/demographic.graphql', import.meta.url),
    migrations: new URL('./migrations/', import.meta.url),
    databaseUrl: config.DEMOGRAPHIC_DATABASE_URL,
    statementLimits: config,
    auth: config,
    limits: config,
    port: config.DEMOGRAPHIC_PORT,
    host: config.HOST,
    resolvers,
    openStore: ({ db }) => new DemographicStore(db, cipher),
    prepare: async () => ({ clinicalUrl: config.CLINICAL_URL }),
    createContext: (shared, principal, ids, credentials) => createDemographicContext(shared, principal, ids, credentials),
    ...options,
  });
}
