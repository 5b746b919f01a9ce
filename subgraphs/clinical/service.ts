import type { CacheEventHook } from '../../platform/redis/cache-events.ts';
import { startSubgraphService, type ServiceOptions, type SubgraphService } from '../kit/bootstrap/subgraph-service.ts';
import { openCompositionCache, type CompositionCache } from './composition-cache.ts';
import type { ClinicalConfig } from './config.ts';
import { createClinicalContext } from './context.ts';
import { resolvers } from './resolvers/index.ts';
import { withVersionCache } from './store/version-cache.ts';
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
    prepare: async (shared) => {
      cache = openCompositionCache(config, { redis: shared.redis, keyPrefix: shared.bus.keyPrefix, onCacheEvent: options.onCacheEvent });
      return {
        templates: {
          registry: await TemplateRegistry.start(shared.db, shared.bus),
          allowWithoutTemplate: config.ALLOW_COMMITS_WITHOUT_TEMPLATE,
        },
        cachedDb: withVersionCache(shared.db, cache.versions),
      };
    },
    createContext: (shared, principal, requestId) =>
      createClinicalContext({ ...shared, db: shared.cachedDb, systemId: config.SYSTEM_ID }, principal, requestId),
    recordedRevocations: async (db) =>
      (await db.query<{ jti: string; expiresAt: Date }>(`SELECT jti, expires_at AS "expiresAt" FROM revoked_tokens WHERE expires_at > now()`)).rows,
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
