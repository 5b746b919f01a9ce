import type { Database } from '../common/db.ts';
import { startSubgraphService, type SubgraphService } from '../common/subgraph-service.ts';
import type { ClinicalConfig } from './config.ts';
import { createClinicalContext } from './context.ts';
import { resolvers } from './resolvers/index.ts';

/** Starts the clinical subgraph on its own database (or on `db`, which the caller owns). */
export function startClinicalService(config: ClinicalConfig, options: { db?: Database } = {}): Promise<SubgraphService> {
  return startSubgraphService({
    name: 'clinical',
    databaseUrl: config.CLINICAL_DATABASE_URL,
    dataDir: config.DATA_DIR,
    port: config.CLINICAL_PORT,
    host: config.HOST,
    resolvers,
    createContext: (db) => createClinicalContext(db, config.SYSTEM_ID),
    ...options,
  });
}
