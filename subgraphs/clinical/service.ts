import type { CacheEventHook } from '../../platform/redis/cache-events.ts';
import { startSubgraphService, type ServiceOptions, type SubgraphService } from '../kit/bootstrap/subgraph-service.ts';
import type { ClinicalConfig } from './config.ts';
import { createClinicalContext } from './context.ts';
import { resolvers } from './resolvers/index.ts';
import { ClinicalStore } from './store/clinical-store.ts';
import { openCompositionCache, type CompositionCache } from './store/version-cache.ts';
import { TemplateRegistry } from './templates/registry.ts';

export interface ClinicalServiceOptions extends ServiceOptions {
  /** Sees every event of the composition cache (tests count hits and misses). */
  onCacheEvent?: CacheEventHook;
}

/** Starts the clinical subgraph on its own database (or on `db`, which the caller owns). */
export async function startClinicalService(config: ClinicalConfig, options: ClinicalServiceOptions = {}): Promise<SubgraphService> {
  let cache: CompositionCache | undefined;
  const service = await startSubgraphService({
    name: 'clinical',
    sdl: new URL('../../schema/clinical.graphql', import.meta.url),
    migrations: new URL('./migrations/', import.meta.url),
    databaseUrl: config.CLINICAL_DATABASE_URL,
    auth: config,
    limits: config,
    port: config.CLINICAL_PORT,
    host: config.HOST,
    resolvers,
    openStore: ({ db, redis, keyPrefix }) => {
      cache = openCompositionCache(config, { redis, keyPrefix, onCacheEvent: options.onCacheEvent });
      return new ClinicalStore(db, cache.versions);
    },
    recordedRevocations: (store) => store.revocations.recorded(),
    prepare: async ({ store, bus }) => ({
      templates: {
        registry: await TemplateRegistry.start((templateId) => store.templates.byId(templateId), bus),
        allowWithoutTemplate: config.ALLOW_COMMITS_WITHOUT_TEMPLATE,
      },
    }),
    createContext: (shared, principal, ids) => createClinicalContext({ ...shared, systemId: config.SYSTEM_ID }, principal, ids),
    ...options,
  }).catch(async (error: unknown) => {
    await cache?.close();
    throw error;
  });
  return {
    ...service,
    async stop() {
      await service.stop();
      await cache?.close();
    },
  };
}
