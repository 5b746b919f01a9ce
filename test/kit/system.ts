import { randomBytes } from 'node:crypto';
import type { TokenKeys } from '../../platform/auth/config.ts';
import type { TokenRequest } from '../../platform/auth/tokens.ts';
import { startGateway } from '../../gateway/service.ts';
import { loadGatewayConfig } from '../../gateway/config.ts';
import type { Database } from '../../subgraphs/kit/db/db.ts';
import { loadClinicalConfig } from '../../subgraphs/clinical/config.ts';
import { startClinicalService } from '../../subgraphs/clinical/service.ts';
import { loadDemographicConfig } from '../../subgraphs/demographic/config.ts';
import { startDemographicService } from '../../subgraphs/demographic/service.ts';
import { createTestDatabase } from './databases.ts';
import { testIssuer } from './issuer.ts';
import { graphqlClient, type GraphQLClient } from './graphql-client.ts';

export const TEST_SYSTEM_ID = 'test.clinical.local';

export interface TestSystem {
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
  token(claims?: Partial<TokenRequest>): Promise<string>;
  stop(): Promise<void>;
}

export interface TestSystemOptions {
  /** Extra gateway settings (e.g. TRUSTED_ISSUERS). */
  gatewayEnv?: NodeJS.ProcessEnv;
  /** Extra settings of both subgraphs (e.g. POLICY_PATH). */
  subgraphEnv?: NodeJS.ProcessEnv;
}

/** A client that sends `token` unless the request gives its own Authorization header. */
function withToken(client: GraphQLClient, token: string): GraphQLClient {
  return {
    url: client.url,
    request: (query, variables, headers = {}) => client.request(query, variables, { authorization: `Bearer ${token}`, ...headers }),
  };
}

/**
 * Starts both subgraphs (each on a throw-away database) and the gateway, all on loopback ports,
 * with a fresh token issuer key. The clients send a clinician-and-registrar token of org-a unless a request gives its own.
 */
export async function startSystem(options: TestSystemOptions = {}): Promise<TestSystem> {
  const clinicalStore = await createTestDatabase('clinical');
  const demographicStore = await createTestDatabase('demographic');
  const linkKey = randomBytes(32).toString('base64');
  const { keys, authEnv, token } = await testIssuer();
  const keyPrefix = `test-${randomBytes(6).toString('hex')}:`;
  const clinical = await startClinicalService(
    loadClinicalConfig({ ...authEnv, ...options.subgraphEnv, CLINICAL_PORT: '0', SYSTEM_ID: TEST_SYSTEM_ID }),
    { db: clinicalStore.db, keyPrefix },
  );
  const demographic = await startDemographicService(
    loadDemographicConfig({ ...authEnv, ...options.subgraphEnv, DEMOGRAPHIC_PORT: '0', LINK_ENCRYPTION_KEY: linkKey }),
    { db: demographicStore.db, keyPrefix },
  );
  const gateway = await startGateway(
    loadGatewayConfig({ ...authEnv, ...options.gatewayEnv, GATEWAY_PORT: '0', CLINICAL_URL: clinical.url, DEMOGRAPHIC_URL: demographic.url }),
    { keyPrefix },
  );
  const staffToken = await token();
  return {
    gateway: withToken(graphqlClient(gateway.url), staffToken),
    clinical: withToken(graphqlClient(clinical.url), staffToken),
    demographic: withToken(graphqlClient(demographic.url), staffToken),
    clinicalDb: clinicalStore.db,
    demographicDb: demographicStore.db,
    linkKey,
    keys,
    authEnv,
    keyPrefix,
    token,
    async stop() {
      await gateway.stop();
      await Promise.all([clinical.stop(), demographic.stop()]);
      await Promise.all([clinicalStore.drop(), demographicStore.drop()]);
    },
  };
}
