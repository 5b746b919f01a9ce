import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { AuthConfig } from '../../../platform/auth/config.ts';
import type { LimitsConfig } from '../../../platform/limits/config.ts';
import type { StatementLimits } from '../../../platform/limits/query-limits.ts';
import type { Principal } from '../../../platform/auth/principal.ts';
import type { Logger } from '../../../platform/observability/logger.ts';
import { operationPlugin } from '../../../platform/observability/operation-plugin.ts';
import { startOperations, type OperationsConfig } from '../../../platform/observability/operations.ts';
import { requestIdsOf, type RequestIds } from '../../../platform/http/request-id.ts';
import { currentRequest } from '../../../platform/http/request-context.ts';
import { databaseRefusal } from '../../../platform/errors/db-errors.ts';
import { platformError } from '../../../platform/errors/errors.ts';
import { startServiceAuth } from '../../../platform/auth/service-auth.ts';
import { DEFAULT_KEY_PREFIX, type SharedBus } from '../../../platform/redis/bus.ts';
import { openRedisConnection, type RedisConnection } from '../../../platform/redis/connection.ts';
import type { RevocationList, RevokedToken } from '../../../platform/auth/revocations.ts';
import type { AuditLog } from '../access/audit-log.ts';
import { PolicyHolder } from '../access/policy-holder.ts';
import type { IdentifyingField } from '../authz/purposes.ts';
import { cancellingReads } from '../db/cancellable-reads.ts';
import { openDatabase, type Database } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { subgraphReadiness } from './subgraph-readiness.ts';
import { startSubgraph } from './subgraph-server.ts';

/** What every request context of a subgraph carries for the bootstrap: the audit trail to flush. */
export interface AuditedContext extends BaseContext {
  audit: AuditLog;
}

/** Long-lived parts of a running subgraph that request contexts are built from. */
export interface SubgraphShared<Store> {
  /** The service's store: all of its SQL, over its own database. */
  store: Store;
  policy: PolicyHolder;
  revocations: RevocationList;
  bus: SharedBus;
  /** The service's Redis connection (bus, caches, rate limits), when REDIS_URL is set. */
  redis: RedisConnection | undefined;
}

/** What a service's store is built from. */
export interface StoreParts {
  db: Database;
  redis: RedisConnection | undefined;
  /** Prefix of the service's Redis keys (the bus's). */
  keyPrefix: string;
}

/** What a caller of `start<Name>Service` may add: tests pass throw-away databases and their own bus prefix. */
export interface ServiceOptions {
  /** A database the caller owns: migrated here, left open on stop. */
  db?: Database;
  /** Shared-bus key prefix (tests isolate concurrent systems with their own). */
  keyPrefix?: string;
  /** The service's JSON logger; by default one on stdout at LOG_LEVEL. */
  logger?: Logger;
}

export interface SubgraphServiceOptions<Context extends AuditedContext, Store, Extra extends object = object> extends ServiceOptions {
  /** The service's name in logs, metrics and Redis keys, and its PGlite folder under DATA_DIR. */
  name: string;
  /** The subgraph's SDL file (its contract in schema/). */
  sdl: URL;
  /** The folder of the service's versioned SQL migrations. */
  migrations: URL;
  /** `postgres://…`; when unset the service keeps its data with PGlite in `<dataDir>/<name>`. */
  databaseUrl: string | undefined;
  /** Statement deadlines of reads and commits (PostgreSQL). */
  statementLimits: StatementLimits;
  auth: AuthConfig & { DATA_DIR: string; POLICY_PATH: string } & Omit<OperationsConfig, 'HOST'>;
  limits: LimitsConfig;
  port: number;
  host: string;
  resolvers: object;
  /** Builds the service's store on its database (once its migrations are applied) and its Redis connection, if any. */
  openStore: (parts: StoreParts) => Store;
  /** Builds the service's own long-lived parts once, after the store and the policy are ready. */
  prepare?: (shared: SubgraphShared<Store>) => Promise<Extra>;
  /** `credentials` carries the caller's own Authorization header, for a service that asks another one on the caller's behalf. */
  createContext: (
    shared: SubgraphShared<Store> & Extra,
    principal: Principal,
    ids: RequestIds,
    credentials: { authorization: string | null },
  ) => Context | Promise<Context>;
  /** Fields a research purpose of the policy may never grant (the clinical identity table); the policy is refused otherwise. */
  identifyingFields?: readonly IdentifyingField[];
  /** Revocations recorded in this service's store, loaded before the first request. */
  recordedRevocations?: (store: Store) => Promise<RevokedToken[]>;
}

export interface SubgraphService {
  url: string;
  db: Database;
  policy: PolicyHolder;
  stop(): Promise<void>;
}

/**
 * Opens the service's own database, brings its schema up to date, loads its policy, and serves
 * its subgraph to verified callers only. Every request's authorisation decisions are appended to
 * the audit trail when it ends.
 */
export async function startSubgraphService<Context extends AuditedContext, Store, Extra extends object = object>(
  options: SubgraphServiceOptions<Context, Store, Extra>,
): Promise<SubgraphService> {
  const ownsDb = options.db === undefined;
  const { DB_READ_TIMEOUT_MS, DB_COMMIT_TIMEOUT_MS } = options.statementLimits;
  const databaseOptions = { statementTimeoutMs: DB_READ_TIMEOUT_MS, transactionTimeoutMs: DB_COMMIT_TIMEOUT_MS };
  const db = options.db ?? (await openDatabase(options.databaseUrl ?? join(options.auth.DATA_DIR, options.name), databaseOptions));
  const cleanup: (() => Promise<void>)[] = [async () => (ownsDb ? db.close() : undefined)];
  const closeAll = async () => {
    for (const close of [...cleanup].reverse()) await close();
  };
  try {
    const operations = await startOperations(options.name, { ...options.auth, HOST: options.host }, options.logger);
    cleanup.push(() => operations.close());
    const log = operations.logger;
    if (db.poolStats) operations.metrics.observePool(db.poolStats);
    const migrations = fileURLToPath(options.migrations);
    await migrate(db, migrations);
    const redis = options.auth.REDIS_URL ? await openRedisConnection(options.auth.REDIS_URL, log) : undefined;
    if (redis) cleanup.push(() => redis.close());
    const keyPrefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
    const store = options.openStore({ db: cancellingReads(db, () => currentRequest()?.signal), redis, keyPrefix });
    const auth = await startServiceAuth(options.auth, {
      revoked: options.recordedRevocations ? await options.recordedRevocations(store) : [],
      keyPrefix,
      redis,
      logger: log,
    });
    cleanup.push(() => auth.close());
    const policy = await PolicyHolder.start(options.auth.POLICY_PATH, auth.bus, log, options.identifyingFields);
    const reloadOnHangup = () => {
      try {
        policy.reload();
      } catch (error) {
        log.error(`Policy reload refused: ${(error as Error).message}`);
      }
    };
    process.on('SIGHUP', reloadOnHangup);
    cleanup.push(async () => void process.off('SIGHUP', reloadOnHangup));
    const base: SubgraphShared<Store> = { store, policy, revocations: auth.revocations, bus: auth.bus, redis };
    const shared = { ...base, ...((await options.prepare?.(base)) ?? ({} as Extra)) };
    const subgraph = await startSubgraph<Context>({
      sdlPath: options.sdl,
      resolvers: options.resolvers,
      authenticate: async (request) => policy.admit(await auth.authenticate(request)),
      context: async (request, principal) => {
        if (!principal) throw new Error('unauthenticated request reached the subgraph');
        const credentials = { authorization: request.headers.authorization ?? null };
        const context = await contextOrRefusal(() => options.createContext(shared, principal, requestIdsOf(request), credentials));
        context.audit.onDenied = (decision) => operations.metrics.countDenial(decision.action, decision.subjectType);
        return context;
      },
      plugins: [operationPlugin(operations.metrics), flushAuditTrail(log)],
      limits: options.limits,
      rateLimits: { redis, keyPrefix: `${auth.bus.keyPrefix}${options.name}:`, logger: log },
      ready: subgraphReadiness(db, migrations),
      operations,
      port: options.port,
      host: options.host,
    });
    cleanup.push(() => subgraph.stop());
    return { url: subgraph.url, db, policy, stop: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/**
 * A context that reads the database (the clinical service looks up emergency accesses) fails as its
 * resolvers would when the database is out of reach: SERVICE_UNAVAILABLE in a 200 answer, not
 * Apollo's 500 for a failed context.
 */
async function contextOrRefusal<Context>(create: () => Context | Promise<Context>): Promise<Context> {
  try {
    return await create();
  } catch (error) {
    const refusal = databaseRefusal(error);
    if (refusal === null) throw error;
    throw platformError(refusal.code, refusal.message, { http: { status: 200 } });
  }
}

function flushAuditTrail<Context extends AuditedContext>(log: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue }) {
          await contextValue.audit.flush().catch((error: unknown) => log.error({ err: error }, 'audit trail write failed'));
        },
      };
    },
  };
}
