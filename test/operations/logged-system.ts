/**
 * The three services (as test/kit/system.ts starts them) with their JSON logs captured in
 * memory, for tests that read what the services log.
 */
import { randomBytes } from 'node:crypto';
import type { TokenRequest } from '../../platform/auth/tokens.ts';
import { testIssuer } from '../kit/issuer.ts';
import { createLogger, type LogLevel } from '../../platform/observability/logger.ts';
import { loadGatewayConfig } from '../../gateway/config.ts';
import { startGateway } from '../../gateway/service.ts';
import type { Database } from '../../subgraphs/kit/db/db.ts';
import { loadClinicalConfig } from '../../subgraphs/clinical/config.ts';
import { startClinicalService } from '../../subgraphs/clinical/service.ts';
import { loadDemographicConfig } from '../../subgraphs/demographic/config.ts';
import { startDemographicService } from '../../subgraphs/demographic/service.ts';
import { createTestDatabase } from '../kit/databases.ts';
import { graphqlClient, type GraphQLClient } from '../kit/graphql-client.ts';

export interface LogLine {
  level: number;
  service: string;
  msg: string;
  requestId?: string;
  [key: string]: unknown;
}

/** Everything the services wrote, as raw text (for "never contains") and as parsed lines. */
export class LogCapture {
  private readonly chunks: string[] = [];
  write(chunk: string): void {
    this.chunks.push(chunk);
  }
  text(): string {
    return this.chunks.join('');
  }
  lines(): LogLine[] {
    return this.text()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogLine);
  }
}

export interface LoggedSystem {
  logs: LogCapture;
  gateway: GraphQLClient;
  clinical: GraphQLClient;
  demographic: GraphQLClient;
  gatewayUrl: string;
  clinicalUrl: string;
  demographicUrl: string;
  clinicalDb: Database;
  demographicDb: Database;
  token(claims?: Partial<TokenRequest>): Promise<string>;
  stopDemographic(): Promise<void>;
  stop(): Promise<void>;
}

export async function startLoggedSystem(level: LogLevel = 'trace', env: NodeJS.ProcessEnv = {}): Promise<LoggedSystem> {
  const logs = new LogCapture();
  const logger = (service: string) => createLogger(service, { level, destination: logs });
  const clinicalStore = await createTestDatabase('clinical');
  const demographicStore = await createTestDatabase('demographic');
  const issuer = await testIssuer();
  const { token } = issuer;
  const authEnv = { ...env, ...issuer.authEnv };
  const keyPrefix = `test-${randomBytes(6).toString('hex')}:`;
  const clinical = await startClinicalService(loadClinicalConfig({ ...authEnv, CLINICAL_PORT: '0' }), {
    db: clinicalStore.db,
    keyPrefix,
    logger: logger('clinical'),
  });
  const demographic = await startDemographicService(
    loadDemographicConfig({ ...authEnv, DEMOGRAPHIC_PORT: '0', LINK_ENCRYPTION_KEY: randomBytes(32).toString('base64') }),
    { db: demographicStore.db, keyPrefix, logger: logger('demographic') },
  );
  const gateway = await startGateway(
    loadGatewayConfig({ ...authEnv, GATEWAY_PORT: '0', CLINICAL_URL: clinical.url, DEMOGRAPHIC_URL: demographic.url }),
    { keyPrefix, logger: logger('gateway') },
  );
  const staff = await token();
  const withToken = (url: string): GraphQLClient => {
    const client = graphqlClient(url);
    return { url, request: (query, variables, headers = {}) => client.request(query, variables, { authorization: `Bearer ${staff}`, ...headers }) };
  };
  let demographicRunning = true;
  const stopDemographic = async () => {
    if (demographicRunning) await demographic.stop();
    demographicRunning = false;
  };
  return {
    logs,
    gateway: withToken(gateway.url),
    clinical: withToken(clinical.url),
    demographic: withToken(demographic.url),
    gatewayUrl: gateway.url,
    clinicalUrl: clinical.url,
    demographicUrl: demographic.url,
    clinicalDb: clinicalStore.db,
    demographicDb: demographicStore.db,
    token,
    stopDemographic,
    async stop() {
      await gateway.stop();
      await Promise.all([clinical.stop(), stopDemographic()]);
      await Promise.all([clinicalStore.drop(), demographicStore.drop()]);
    },
  };
}
