import { randomBytes } from 'node:crypto';
import type { CacheEvent } from '../../platform/redis/cache-events.ts';
import type { Database } from '../../subgraphs/kit/db/db.ts';
import { loadClinicalConfig } from '../../subgraphs/clinical/config.ts';
import { startClinicalService } from '../../subgraphs/clinical/service.ts';
import { loadFixture } from '../kit/fixtures.ts';
import { graphqlClient, withToken, type GraphQLClient } from '../kit/graphql-client.ts';
import { clinicalEnv } from '../kit/service-env.ts';

export const REDIS_URL = process.env.REDIS_URL;
export const randomPrefix = () => `test-${randomBytes(6).toString('hex')}:`;

export const COMMIT = `mutation($ehrId: UUID!, $c: JSON!) { commitComposition(ehrId: $ehrId, composition: $c) { uid objectId version } }`;
export const UPDATE = `mutation($p: String!, $c: JSON!) { updateComposition(precedingVersionUid: $p, composition: $c) { uid version } }`;
export const DELETE = `mutation($p: String!) { deleteComposition(precedingVersionUid: $p) { uid version } }`;
export const READ = `query($uid: String!) { composition(uid: $uid) { uid version lifecycleState name } }`;
export const DOCUMENT = loadFixture('minimal_evaluation.json') as Record<string, unknown>;

/** One clinical service instance on `db` (replicas share one), whose cache events are recorded. */
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
  const service = await startClinicalService(loadClinicalConfig(clinicalEnv(0, options.authEnv, { LOG_LEVEL: 'silent' }, options.env)), {
    db: options.db,
    keyPrefix: options.keyPrefix,
    onCacheEvent: (event) => events.push(event),
  });
  return {
    client: withToken(graphqlClient(service.url), options.token),
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
