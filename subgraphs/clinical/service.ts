import { startSubgraphService, type ServiceOptions, type SubgraphService } from '../common/subgraph-service.ts';
import type { ClinicalConfig } from './config.ts';
import { createClinicalContext } from './context.ts';
import { resolvers } from './resolvers/index.ts';
import { TemplateRegistry } from './templates-registry.ts';

/** Starts the clinical subgraph on its own database (or on `db`, which the caller owns). */
export function startClinicalService(config: ClinicalConfig, options: ServiceOptions = {}): Promise<SubgraphService> {
  return startSubgraphService({
    name: 'clinical',
    databaseUrl: config.CLINICAL_DATABASE_URL,
    auth: config,
    port: config.CLINICAL_PORT,
    host: config.HOST,
    resolvers,
    prepare: async (shared) => ({
      templates: {
        registry: await TemplateRegistry.start(shared.db, shared.bus),
        allowWithoutTemplate: config.ALLOW_COMMITS_WITHOUT_TEMPLATE,
      },
    }),
    createContext: (shared, principal, requestId) => createClinicalContext({ ...shared, systemId: config.SYSTEM_ID }, principal, requestId),
    recordedRevocations: async (db) =>
      (await db.query<{ jti: string; expiresAt: Date }>(`SELECT jti, expires_at AS "expiresAt" FROM revoked_tokens WHERE expires_at > now()`)).rows,
    ...options,
  });
}
