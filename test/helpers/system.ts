import { randomBytes } from 'node:crypto';
import { startGateway } from '../../gateway/service.ts';
import { loadGatewayConfig } from '../../gateway/config.ts';
import type { Database } from '../../subgraphs/common/db.ts';
import { loadClinicalConfig } from '../../subgraphs/clinical/config.ts';
import { startClinicalService } from '../../subgraphs/clinical/service.ts';
import { loadDemographicConfig } from '../../subgraphs/demographic/config.ts';
import { startDemographicService } from '../../subgraphs/demographic/service.ts';
import { createTestDatabase } from './databases.ts';
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
  stop(): Promise<void>;
}

/** Starts both subgraphs (each on a throw-away database) and the gateway, all on loopback ports. */
export async function startSystem(): Promise<TestSystem> {
  const clinicalStore = await createTestDatabase('clinical');
  const demographicStore = await createTestDatabase('demographic');
  const linkKey = randomBytes(32).toString('base64');
  const clinical = await startClinicalService(loadClinicalConfig({ CLINICAL_PORT: '0', SYSTEM_ID: TEST_SYSTEM_ID }), {
    db: clinicalStore.db,
  });
  const demographic = await startDemographicService(
    loadDemographicConfig({ DEMOGRAPHIC_PORT: '0', LINK_ENCRYPTION_KEY: linkKey }),
    { db: demographicStore.db },
  );
  const gateway = await startGateway(
    loadGatewayConfig({ GATEWAY_PORT: '0', CLINICAL_URL: clinical.url, DEMOGRAPHIC_URL: demographic.url }),
  );
  return {
    gateway: graphqlClient(gateway.url),
    clinical: graphqlClient(clinical.url),
    demographic: graphqlClient(demographic.url),
    clinicalDb: clinicalStore.db,
    demographicDb: demographicStore.db,
    linkKey,
    async stop() {
      await gateway.stop();
      await Promise.all([clinical.stop(), demographic.stop()]);
      await Promise.all([clinicalStore.drop(), demographicStore.drop()]);
    },
  };
}
