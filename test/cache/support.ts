import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { CacheEvent } from '../../platform/redis/cache-events.ts';
import type { Database } from '../../subgraphs/kit/db/db.ts';
import { loadClinicalConfig } from '../../subgraphs/clinical/config.ts';
import { startClinicalService } from '../../subgraphs/clinical/service.ts';
import { loadFixture } from '../kit/fixtures.ts';
import { graphqlClient, type GraphQLClient } from '../kit/graphql-client.ts';
import { TEST_SYSTEM_ID } from '../kit/system.ts';

export const REDIS_URL = process.env.REDIS_URL;
export const randomPrefix = () => `test-${randomBytes(6).toString('hex')}:`;

/** Deletes every Redis key of `prefix` (tests leave nothing behind). */
export async function dropRedisKeys(prefix: string): Promise<void> {
  if (!REDIS_URL) return;
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
}

/** Waits until `check` holds. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export const COMMIT = `mutation($ehrId: UUID!, $c: JSON!) { commitComposition(ehrId: $ehrId, composition: $c) { uid objectId version } }`;
export const UPDATE = `mutation($p: String!, $c: JSON!) { updateComposition(precedingVersionUid: $p, composition: $c) { uid version } }`;
export const DELETE = `mutation($p: String!) { deleteComposition(precedingVersionUid: $p) { uid version } }`;
export const READ = `query($uid: String!) { composition(uid: $uid) { uid version lifecycleState name } }`;
export const DOCUMENT = loadFixture('minimal_evaluation.json') as Record<string, unknown>;

/** One clinical service instance on `db`, whose cache events are recorded. */
export interface ClinicalInstance {
  client: GraphQLClient;
  events: CacheEvent[];
  /** How many events of `cache` with `outcome` were recorded. */
  count(cache: string, outcome: CacheEvent['outcome']): number;
  stop(): Promise<void>;
}

export async function startClinicalInstance(options: {
  db: Database;
  keyPrefix: string;
  token: string;
  authEnv: Record<string, string>;
  env?: Record<string, string>;
}): Promise<ClinicalInstance> {
  const events: CacheEvent[] = [];
  const service = await startClinicalService(
    loadClinicalConfig({ ...options.authEnv, ...options.env, CLINICAL_PORT: '0', SYSTEM_ID: TEST_SYSTEM_ID, LOG_LEVEL: 'silent', ...options.env }),
    { db: options.db, keyPrefix: options.keyPrefix, onCacheEvent: (event) => events.push(event) },
  );
  const http = graphqlClient(service.url);
  return {
    client: { url: http.url, request: (query, variables, headers) => http.request(query, variables, { authorization: `Bearer ${options.token}`, ...headers }) },
    events,
    count: (cache, outcome) => events.filter((event) => event.cache === cache && event.outcome === outcome).length,
    stop: () => service.stop(),
  };
}

/** Runs `work` and returns how many statements it ran against composition_versions. */
export async function versionStatements(db: Database, work: () => Promise<unknown>): Promise<number> {
  let count = 0;
  const stop = db.observe((sql) => {
    if (/FROM composition_versions/.test(sql)) count += 1;
  });
  try {
    await work();
  } finally {
    stop();
  }
  return count;
}

