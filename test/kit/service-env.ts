/**
 * The settings each service of a test system gets, the same whether it runs in the test process
 * (test/kit/system.ts) or in a child process of its own (bench/suite/system.ts). `extra` settings
 * apply in order (settings of every service first, then the service's own); the port and the
 * wiring between the services come last and cannot be overridden.
 */
export const TEST_SYSTEM_ID = 'test.clinical.local';

export type Env = Record<string, string | undefined>;
export type Settings = Record<string, string>;

const merged = (...envs: (Env | undefined)[]): Settings =>
  Object.fromEntries(envs.flatMap((env) => Object.entries(env ?? {})).filter((entry): entry is [string, string] => entry[1] !== undefined));

export const clinicalEnv = (port: number | string, ...extra: (Env | undefined)[]): Settings =>
  // Tests commit and count again within milliseconds: researchers read the latest research copy here
  // unless a test sets a lag (the lag itself: test/unit/kit/db/pglite-research.test.ts).
  merged({ SYSTEM_ID: TEST_SYSTEM_ID, RESEARCH_COPY_MAX_LAG_MS: '0' }, ...extra, { CLINICAL_PORT: String(port) });

export const demographicEnv = (port: number | string, linkKey: string, ...extra: (Env | undefined)[]): Settings =>
  merged(...extra, { DEMOGRAPHIC_PORT: String(port), LINK_ENCRYPTION_KEY: linkKey });

export interface SubgraphUrls {
  clinical: string;
  demographic: string;
}

export const gatewayEnv = (port: number | string, subgraphs: SubgraphUrls, ...extra: (Env | undefined)[]): Settings =>
  merged(...extra, { GATEWAY_PORT: String(port), CLINICAL_URL: subgraphs.clinical, DEMOGRAPHIC_URL: subgraphs.demographic });

/** Where a subgraph on `port` serves GraphQL on loopback. */
export const graphqlUrl = (port: number | string): string => `http://127.0.0.1:${port}/graphql`;
