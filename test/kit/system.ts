import { randomBytes } from 'node:crypto';
import type { TokenKeys } from '../../platform/auth/config.ts';
import { createLogger, type Logger, type LogLevel } from '../../platform/observability/logger.ts';
import { loadGatewayConfig } from '../../gateway/config.ts';
import { startGateway } from '../../gateway/service.ts';
import type { SubgraphService } from '../../subgraphs/kit/bootstrap/subgraph-service.ts';
import type { Database } from '../../subgraphs/kit/db/db.ts';
import { loadClinicalConfig } from '../../subgraphs/clinical/config.ts';
import { startClinicalService } from '../../subgraphs/clinical/service.ts';
import { loadDemographicConfig } from '../../subgraphs/demographic/config.ts';
import { startDemographicService } from '../../subgraphs/demographic/service.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';
import { graphqlClient, withToken, type GraphQLClient } from './graphql-client.ts';
import { LogCapture } from './logs.ts';
import { dropRedisKeys } from './redis-keys.ts';
import { clinicalEnv, demographicEnv, gatewayEnv, type Env } from './service-env.ts';
import { testIssuer, type TokenClaims } from './tokens.ts';

export { TEST_SYSTEM_ID } from './service-env.ts';

export type SubgraphName = 'clinical' | 'demographic';

export interface TestSystemOptions {
  /** Extra gateway settings (e.g. TRUSTED_ISSUERS). */
  gatewayEnv?: Env;
  /** Extra settings of both subgraphs (e.g. POLICY_PATH). */
  subgraphEnv?: Env;
  /** Extra settings of one subgraph, over `subgraphEnv`. */
  clinicalEnv?: Env;
  demographicEnv?: Env;
  /**
   * Every service shares Redis at REDIS_URL when that is set (as replicas do in production), else
   * the in-process bus; `stop()` then deletes the system's Redis keys.
   */
  sharedRedis?: boolean;
  /** Captures the JSON logs of every service at this level in `logs` (instead of stdout at LOG_LEVEL). */
  logs?: LogLevel;
  /**
   * The clinical service opens this database itself (e.g. a URL through a cuttable TCP proxy)
   * instead of sharing `clinicalDb`, which then stays a direct connection for raw checks.
   */
  clinicalDatabaseUrl?: (direct: TestDatabase) => string;
  /** RESEARCH_DATABASE_URL of the clinical service, from its throw-away database (e.g. the same database on a replica). */
  researchDatabaseUrl?: (direct: TestDatabase) => string;
}

export interface TestSystem extends AsyncDisposable {
  /** Clients that send a clinician-and-registrar token of org-a unless a request gives its own Authorization header. */
  gateway: GraphQLClient;
  clinical: GraphQLClient;
  demographic: GraphQLClient;
  /** Each service's own database, for tests that look at the raw tables. */
  clinicalDb: Database;
  demographicDb: Database;
  linkKey: string;
  /** This system's token issuer keys (the signing key stays with the tests; services get the public key). */
  keys: TokenKeys;
  /** Auth settings given to every service (TOKEN_PUBLIC_KEY); spread into a config to verify this system's tokens. */
  authEnv: Record<string, string>;
  /** Bus key prefix of this system (random), for a RevocationList that reaches its services in-process. */
  keyPrefix: string;
  /** A token of this system's issuer; defaults: sub `test-staff`, org `org-a`, roles clinician and registrar, 1 hour. */
  token(claims?: TokenClaims): Promise<string>;
  /** Stops a subgraph while the gateway keeps running (nothing happens when it is stopped already). */
  stopSubgraph(name: SubgraphName): Promise<void>;
  /** Starts a stopped subgraph again, on its port and database (nothing happens when it runs). */
  startSubgraph(name: SubgraphName): Promise<void>;
  /** Stops every service and drops the throw-away databases (and the Redis keys with `sharedRedis`). */
  stop(): Promise<void>;
}

export interface LoggedTestSystem extends TestSystem {
  logs: LogCapture;
}

/**
 * Starts both subgraphs (each on a throw-away database) and the gateway, all in this process on
 * loopback ports, with a fresh token issuer key. `await using system = await startSystem()` stops it.
 */
export function startSystem(options: TestSystemOptions & { logs: LogLevel }): Promise<LoggedTestSystem>;
export function startSystem(options?: TestSystemOptions): Promise<TestSystem>;
export async function startSystem(options: TestSystemOptions = {}): Promise<TestSystem> {
  const stores = { clinical: await createTestDatabase('clinical'), demographic: await createTestDatabase('demographic') };
  const linkKey = randomBytes(32).toString('base64');
  const { keys, authEnv, token } = await testIssuer();
  const keyPrefix = `test-${randomBytes(6).toString('hex')}:`;
  const redisUrl = options.sharedRedis ? process.env.REDIS_URL || undefined : undefined;
  const common = { ...authEnv, ...(redisUrl ? { REDIS_URL: redisUrl } : {}) };
  const logs = options.logs ? new LogCapture() : undefined;
  const loggerOf = (service: string): { logger?: Logger } => (logs ? { logger: createLogger(service, { level: options.logs, destination: logs }) } : {});
  const subgraphs = restartableSubgraphs(options, stores, { common, linkKey, keyPrefix, loggerOf });
  const dropAll = async () => {
    await Promise.all([stores.clinical.drop(), stores.demographic.drop()]);
    await dropRedisKeys(redisUrl, [keyPrefix]);
  };
  try {
    await subgraphs.start('clinical');
    await subgraphs.start('demographic');
    const urls = { clinical: subgraphs.url('clinical'), demographic: subgraphs.url('demographic') };
    const gateway = await startGateway(loadGatewayConfig(gatewayEnv(0, urls, common, options.gatewayEnv)), { keyPrefix, ...loggerOf('gateway') });
    const staffToken = await token();
    const stop = async () => {
      await gateway.stop();
      await Promise.all([subgraphs.stop('clinical'), subgraphs.stop('demographic')]);
      await dropAll();
    };
    const system: TestSystem = {
      gateway: withToken(graphqlClient(gateway.url), staffToken),
      clinical: withToken(graphqlClient(urls.clinical), staffToken),
      demographic: withToken(graphqlClient(urls.demographic), staffToken),
      clinicalDb: stores.clinical.db,
      demographicDb: stores.demographic.db,
      linkKey,
      keys,
      authEnv,
      keyPrefix,
      token,
      stopSubgraph: subgraphs.stop,
      startSubgraph: subgraphs.start,
      stop,
      [Symbol.asyncDispose]: stop,
    };
    return logs ? Object.assign(system, { logs }) : system;
  } catch (error) {
    await Promise.all([subgraphs.stop('clinical'), subgraphs.stop('demographic')]);
    await dropAll();
    throw error;
  }
}

interface SubgraphWiring {
  common: Env;
  linkKey: string;
  keyPrefix: string;
  loggerOf: (service: string) => { logger?: Logger };
}

/** Both subgraphs, each startable and stoppable on its own; a restart takes the port of the first start. */
function restartableSubgraphs(options: TestSystemOptions, stores: Record<SubgraphName, TestDatabase>, wiring: SubgraphWiring) {
  const { common, linkKey, keyPrefix, loggerOf } = wiring;
  const ports: Record<SubgraphName, number> = { clinical: 0, demographic: 0 };
  const urls: Record<SubgraphName, string> = { clinical: '', demographic: '' };
  const clinicalUrl = options.clinicalDatabaseUrl?.(stores.clinical);
  const researchUrl = options.researchDatabaseUrl?.(stores.clinical);
  const launch: Record<SubgraphName, () => Promise<SubgraphService>> = {
    clinical: () =>
      startClinicalService(
        loadClinicalConfig(
          clinicalEnv(ports.clinical, common, options.subgraphEnv, options.clinicalEnv, {
            CLINICAL_DATABASE_URL: clinicalUrl,
            RESEARCH_DATABASE_URL: researchUrl,
          }),
        ),
        { ...(clinicalUrl ? {} : { db: stores.clinical.db }), keyPrefix, ...loggerOf('clinical') },
      ),
    demographic: () =>
      startDemographicService(
        loadDemographicConfig(
          demographicEnv(ports.demographic, linkKey, common, { CLINICAL_URL: urls.clinical || undefined }, options.subgraphEnv, options.demographicEnv),
        ),
        {
          db: stores.demographic.db,
          keyPrefix,
          ...loggerOf('demographic'),
        },
      ),
  };
  const running: Partial<Record<SubgraphName, SubgraphService>> = {};
  return {
    url: (name: SubgraphName) => urls[name],
    start: async (name: SubgraphName) => {
      if (running[name]) return;
      const service = await launch[name]();
      running[name] = service;
      urls[name] = service.url;
      ports[name] = Number(new URL(service.url).port);
    },
    stop: async (name: SubgraphName) => {
      const service = running[name];
      delete running[name];
      await service?.stop();
    },
  };
}
