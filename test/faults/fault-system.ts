import { randomBytes } from 'node:crypto';
import type { TokenRequest } from '../../platform/auth/tokens.ts';
import { testIssuer } from '../kit/issuer.ts';
import { loadGatewayConfig } from '../../gateway/config.ts';
import { startGateway, type GatewayService } from '../../gateway/service.ts';
import type { Database } from '../../subgraphs/kit/db/db.ts';
import type { SubgraphService } from '../../subgraphs/kit/bootstrap/subgraph-service.ts';
import { loadClinicalConfig } from '../../subgraphs/clinical/config.ts';
import { startClinicalService } from '../../subgraphs/clinical/service.ts';
import { loadDemographicConfig } from '../../subgraphs/demographic/config.ts';
import { startDemographicService } from '../../subgraphs/demographic/service.ts';
import { createTestDatabase, type TestDatabase } from '../kit/databases.ts';
import { graphqlClient, type GraphQLClient } from '../kit/graphql-client.ts';
import { TEST_SYSTEM_ID } from '../kit/system.ts';

export type SubgraphName = 'clinical' | 'demographic';

export interface FaultSystemOptions {
  /**
   * The clinical service opens this database itself (e.g. a URL through a cuttable TCP proxy)
   * instead of sharing `clinicalDb`, which then stays a direct connection for raw checks.
   */
  clinicalDatabaseUrl?: (direct: TestDatabase) => string;
}

/**
 * Like test/kit/system.ts, but each subgraph can be stopped and started again on the same
 * port while the gateway keeps running, to show how the system behaves while one is gone.
 */
export interface FaultSystem {
  gateway: GraphQLClient;
  clinical: GraphQLClient;
  demographic: GraphQLClient;
  clinicalDb: Database;
  demographicDb: Database;
  token(claims?: Partial<TokenRequest>): Promise<string>;
  stopSubgraph(name: SubgraphName): Promise<void>;
  startSubgraph(name: SubgraphName): Promise<void>;
  stop(): Promise<void>;
}

export async function startFaultSystem(options: FaultSystemOptions = {}): Promise<FaultSystem> {
  const stores = { clinical: await createTestDatabase('clinical'), demographic: await createTestDatabase('demographic') };
  const linkKey = randomBytes(32).toString('base64');
  const { authEnv, token } = await testIssuer();
  const keyPrefix = `faults-${randomBytes(6).toString('hex')}:`;
  const clinicalUrl = options.clinicalDatabaseUrl?.(stores.clinical);
  const ports: Record<SubgraphName, string> = { clinical: '0', demographic: '0' };
  const start: Record<SubgraphName, () => Promise<SubgraphService>> = {
    clinical: () =>
      startClinicalService(
        loadClinicalConfig({
          ...authEnv,
          CLINICAL_PORT: ports.clinical,
          SYSTEM_ID: TEST_SYSTEM_ID,
          ...(clinicalUrl ? { CLINICAL_DATABASE_URL: clinicalUrl } : {}),
        }),
        clinicalUrl ? { keyPrefix } : { db: stores.clinical.db, keyPrefix },
      ),
    demographic: () =>
      startDemographicService(loadDemographicConfig({ ...authEnv, DEMOGRAPHIC_PORT: ports.demographic, LINK_ENCRYPTION_KEY: linkKey }), {
        db: stores.demographic.db,
        keyPrefix,
      }),
  };
  const running: Partial<Record<SubgraphName, SubgraphService>> = {};
  const startSubgraph = async (name: SubgraphName) => {
    if (running[name]) return;
    const service = await start[name]();
    running[name] = service;
    ports[name] = new URL(service.url).port; // a restart takes the same port
  };
  const stopSubgraph = async (name: SubgraphName) => {
    await running[name]?.stop();
    delete running[name];
  };
  await startSubgraph('clinical');
  await startSubgraph('demographic');
  const urlOf = (name: SubgraphName) => `http://127.0.0.1:${ports[name]}/graphql`;
  const gateway: GatewayService = await startGateway(
    loadGatewayConfig({ ...authEnv, GATEWAY_PORT: '0', CLINICAL_URL: urlOf('clinical'), DEMOGRAPHIC_URL: urlOf('demographic') }),
    { keyPrefix },
  );
  const staffToken = await token();
  const client = (url: string): GraphQLClient => {
    const raw = graphqlClient(url);
    return { url, request: (query, variables, headers = {}) => raw.request(query, variables, { authorization: `Bearer ${staffToken}`, ...headers }) };
  };
  return {
    gateway: client(gateway.url),
    clinical: client(urlOf('clinical')),
    demographic: client(urlOf('demographic')),
    clinicalDb: stores.clinical.db,
    demographicDb: stores.demographic.db,
    token,
    stopSubgraph,
    startSubgraph,
    async stop() {
      await gateway.stop();
      await Promise.all([stopSubgraph('clinical'), stopSubgraph('demographic')]);
      await Promise.all([stores.clinical.drop(), stores.demographic.drop()]);
    },
  };
}
