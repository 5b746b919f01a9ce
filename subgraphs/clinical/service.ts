import { outsideRequest } from '../../platform/http/request-context.ts';
import type { CacheEventHook } from '../../platform/redis/cache-events.ts';
import { startSubgraphService, type ServiceOptions, type SubgraphService } from '../kit/bootstrap/subgraph-service.ts';
import { openDatabase, type Database } from '../kit/db/db.ts';
import { pgliteResearchDatabase } from '../kit/db/pglite-research.ts';
import { isAuditAppend } from '../kit/store/audit-store.ts';
import { ResearchGovernor, type ResearchEngine } from './access/research-governor.ts';
import { sealedCursors } from '../kit/graphql/sealed-cursors.ts';
import type { ClinicalConfig } from './config.ts';
import { createClinicalContext } from './context.ts';
import { IDENTIFYING_FIELDS } from './privacy/identity-table.ts';
import { resolvers } from './resolvers/index.ts';
import { ResearchBudget } from './disclosure/budget.ts';
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
  let researchEngine: ResearchEngine = 'postgres';
  const researchDb = config.RESEARCH_DATABASE_URL ? await openDatabase(config.RESEARCH_DATABASE_URL, { max: config.RESEARCH_POOL_SIZE }) : undefined;
  const research = researchDb ? { db: researchDb, fallBack: config.RESEARCH_FALLBACK === 'primary' } : null;
  // without a research database of its own, a PGlite primary runs research on a copy in a worker thread
  let copyOfPrimary: Database | undefined;
  const service = await startSubgraphService({
    name: 'clinical',
    sdl: new URL('../../schema/clinical.graphql', import.meta.url),
    migrations: new URL('./migrations/', import.meta.url),
    databaseUrl: config.CLINICAL_DATABASE_URL,
    statementLimits: config,
    auth: config,
    limits: config,
    port: config.CLINICAL_PORT,
    host: config.HOST,
    resolvers,
    openStore: ({ db, redis, keyPrefix }) => {
      researchEngine = researchDb?.engine ?? db.engine;
      cache = openCompositionCache(config, { redis, keyPrefix, onCacheEvent: options.onCacheEvent });
      db.snapshots?.ignoreWrites(isAuditAppend); // every request appends one: the copy would be stale before each query
      copyOfPrimary = !research && db.snapshots ? pgliteResearchDatabase(db.snapshots) : undefined;
      return new ClinicalStore(db, cache.versions, research ?? (copyOfPrimary ? { db: copyOfPrimary, fallBack: false } : null));
    },
    identifyingFields: IDENTIFYING_FIELDS,
    recordedRevocations: (store) => store.revocations.recorded(),
    prepare: async ({ store, bus, redis }) => ({
      research: { budget: new ResearchBudget(redis, `${bus.keyPrefix}clinical:`), noiseSecret: config.RESEARCH_NOISE_SECRET },
      templates: {
        // every request waiting for a template shares its load: the one that started it leaving must not cancel it
        registry: await TemplateRegistry.start((templateId) => outsideRequest(() => store.templates.byId(templateId)), bus),
        allowWithoutTemplate: config.ALLOW_COMMITS_WITHOUT_TEMPLATE,
      },
      governor: new ResearchGovernor(config, researchEngine),
      cursors: sealedCursors(config.RESEARCH_NOISE_SECRET, 'composition pages'),
    }),
    createContext: (shared, principal, ids) => createClinicalContext({ ...shared, systemId: config.SYSTEM_ID }, principal, ids),
    ...options,
  }).catch(async (error: unknown) => {
    await cache?.close();
    await researchDb?.close();
    await copyOfPrimary?.close();
    throw error;
  });
  return {
    ...service,
    async stop() {
      await service.stop();
      await cache?.close();
      await researchDb?.close();
      await copyOfPrimary?.close();
    },
  };
}
