import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from '../../test/kit/ports.ts';
import { dropRedisKeys } from '../../test/kit/redis-keys.ts';
import { clinicalEnv, demographicEnv, gatewayEnv, graphqlUrl } from '../../test/kit/service-env.ts';
import { testIssuer } from '../../test/kit/tokens.ts';
import { createRunDatabases, type BenchEnvironment, type RunDatabases } from './environment.ts';
import { spawnService, type ServiceProcess } from './services.ts';

const DEFAULT_POLICY = new URL('../../policies/default.yaml', import.meta.url);
const ALLOW_ALL_POLICY = new URL('../allow-all.yaml', import.meta.url);

export interface Caller {
  sub: string;
  org: string;
  roles: string[];
}

/** The three services (and the stock gateway) of one benchmark run, each in its own process. */
export interface BenchSystem {
  clinical: ServiceProcess;
  demographic: ServiceProcess;
  /** Our gateway (gateway/service.ts, with whatever tuning it has). */
  gateway: ServiceProcess;
  /** Our gateway with `tuning: 'stock'`: Apollo's data sources and caches, our server around them. */
  untunedGateway: ServiceProcess;
  /** `@apollo/gateway` out of the box, on the same supergraph and subgraphs. */
  stockGateway: ServiceProcess;
  /** Scenario 1's answers at their floors (floor/floor-service.ts); PostgreSQL only (PGlite is one process's). */
  floor: ServiceProcess | undefined;
  databases: RunDatabases;
  token(caller: Caller): Promise<string>;
  /** Restarts the clinical service on the same port and data (empties its in-process caches); `redis: false` runs it without Redis. */
  restartClinical(options: { redis: boolean }): Promise<void>;
  /** Puts the default or the allow-all policy in force in the clinical service. */
  usePolicy(policy: 'default' | 'allow-all'): Promise<void>;
  stop(): Promise<void>;
}

export async function startBenchSystem(environment: BenchEnvironment): Promise<BenchSystem> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-suite-'));
  const policyPath = join(dataDir, 'policy.yaml');
  copyFileSync(DEFAULT_POLICY, policyPath);
  const issuer = await testIssuer({ ttl: '2h' });
  const databases = await createRunDatabases(environment.postgresServerUrl);
  const prefixes = new Set<string>();
  const freshPrefix = () => {
    const prefix = `bench-${randomBytes(4).toString('hex')}:`;
    prefixes.add(prefix);
    return prefix;
  };
  const keyPrefix = freshPrefix();
  const dropKeys = () => dropRedisKeys(environment.redisUrl, prefixes);
  const common = { HOST: '127.0.0.1', DATA_DIR: dataDir, ...issuer.authEnv };
  const redisEnv = environment.redisUrl ? { REDIS_URL: environment.redisUrl } : {};
  const clinicalSettings = (port: number, withRedis: boolean) =>
    clinicalEnv(port, common, withRedis ? redisEnv : {}, {
      POLICY_PATH: policyPath,
      SYSTEM_ID: 'bench.clinical.local',
      ALLOW_COMMITS_WITHOUT_TEMPLATE: 'true',
      CLINICAL_DATABASE_URL: databases.clinicalUrl,
    });
  const started: ServiceProcess[] = [];
  const spawn = async (...args: Parameters<typeof spawnService>) => {
    const service = await spawnService(...args);
    started.push(service);
    return service;
  };
  try {
    // ports chosen up front, so that the gateways (static supergraph) start alongside the subgraphs
    const [clinicalPort = 0, demographicPort = 0] = await freePorts(2);
    const linkKey = randomBytes(32).toString('base64');
    const gatewaySettings = gatewayEnv(0, { clinical: graphqlUrl(clinicalPort), demographic: graphqlUrl(demographicPort) }, common, redisEnv);
    // a fresh bus prefix per clinical start, so that nothing cached in Redis by an earlier start is found
    const [clinical, demographic, gateway, untunedGateway, stockGateway] = await Promise.all([
      spawn('clinical', { env: clinicalSettings(clinicalPort, true), keyPrefix: freshPrefix() }),
      spawn('demographic', {
        env: demographicEnv(demographicPort, linkKey, common, redisEnv, {
          DEMOGRAPHIC_DATABASE_URL: databases.demographicUrl,
          CLINICAL_URL: graphqlUrl(clinicalPort),
        }),
        keyPrefix,
      }),
      spawn('gateway', { env: gatewaySettings, keyPrefix }),
      spawn('gateway-untuned', { env: gatewaySettings, keyPrefix }),
      spawn('gateway-stock', { env: gatewaySettings, keyPrefix }),
    ]);
    const floor =
      databases.clinicalUrl && databases.demographicUrl
        ? await spawn('floor', {
            env: { CLINICAL_DATABASE_URL: databases.clinicalUrl, DEMOGRAPHIC_DATABASE_URL: databases.demographicUrl, LINK_ENCRYPTION_KEY: linkKey },
            keyPrefix,
          })
        : undefined;
    const system: BenchSystem = {
      clinical,
      demographic,
      gateway,
      untunedGateway,
      stockGateway,
      floor,
      databases,
      token: (caller) => issuer.token(caller),
      async restartClinical({ redis }) {
        await system.clinical.stop();
        system.clinical = await spawnService('clinical', { env: clinicalSettings(clinicalPort, redis), keyPrefix: freshPrefix() });
      },
      async usePolicy(policy) {
        copyFileSync(policy === 'default' ? DEFAULT_POLICY : ALLOW_ALL_POLICY, policyPath);
        await system.clinical.reloadPolicy();
      },
      async stop() {
        await Promise.all([gateway.stop(), untunedGateway.stop(), stockGateway.stop(), floor?.stop()]);
        await Promise.all([system.clinical.stop(), demographic.stop()]);
        await databases.drop();
        await dropKeys();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
    return system;
  } catch (error) {
    await Promise.all(started.map((service) => service.stop().catch(() => undefined)));
    await databases.drop();
    await dropKeys();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
