import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { resolveTokenKeys, type TokenKeys } from '../../platform/auth/config.ts';
import { signToken } from '../../platform/auth/tokens.ts';
import { createRunDatabases, type BenchEnvironment, type RunDatabases } from './environment.ts';
import { dropRedisKeys } from './redis-keys.ts';
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
  const keys = await tokenKeys();
  const databases = await createRunDatabases(environment.postgresServerUrl);
  const prefixes = new Set<string>();
  const freshPrefix = () => {
    const prefix = `bench-${randomBytes(4).toString('hex')}:`;
    prefixes.add(prefix);
    return prefix;
  };
  const keyPrefix = freshPrefix();
  const dropKeys = () => (environment.redisUrl ? dropRedisKeys(environment.redisUrl, prefixes) : Promise.resolve());
  const common = {
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    TOKEN_PUBLIC_KEY: keys.publicJwk,
    ...(environment.redisUrl ? { REDIS_URL: environment.redisUrl } : {}),
  };
  const clinicalEnv = (port: string, redis: boolean): Record<string, string> => {
    const { REDIS_URL, ...rest } = common;
    return {
      ...(redis && REDIS_URL ? { REDIS_URL } : {}),
      ...rest,
      CLINICAL_PORT: port,
      POLICY_PATH: policyPath,
      SYSTEM_ID: 'bench.clinical.local',
      ALLOW_COMMITS_WITHOUT_TEMPLATE: 'true',
      ...(databases.clinicalUrl ? { CLINICAL_DATABASE_URL: databases.clinicalUrl } : {}),
    };
  };
  const started: ServiceProcess[] = [];
  const spawn = async (...args: Parameters<typeof spawnService>) => {
    const service = await spawnService(...args);
    started.push(service);
    return service;
  };
  try {
    // ports chosen up front, so that the gateways (static supergraph) start alongside the subgraphs
    const [clinicalPort = '', demographicPort = ''] = await freePorts(2);
    const gatewayEnv = {
      ...common,
      GATEWAY_PORT: '0',
      CLINICAL_URL: `http://127.0.0.1:${clinicalPort}/graphql`,
      DEMOGRAPHIC_URL: `http://127.0.0.1:${demographicPort}/graphql`,
    };
    // a fresh bus prefix per clinical start, so that nothing cached in Redis by an earlier start is found
    const [clinical, demographic, gateway, untunedGateway, stockGateway] = await Promise.all([
      spawn('clinical', { env: clinicalEnv(clinicalPort, true), keyPrefix: freshPrefix() }),
      spawn('demographic', {
        env: {
          ...common,
          DEMOGRAPHIC_PORT: demographicPort,
          LINK_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
          ...(databases.demographicUrl ? { DEMOGRAPHIC_DATABASE_URL: databases.demographicUrl } : {}),
        },
        keyPrefix,
      }),
      spawn('gateway', { env: gatewayEnv, keyPrefix }),
      spawn('gateway-untuned', { env: gatewayEnv, keyPrefix }),
      spawn('gateway-stock', { env: gatewayEnv, keyPrefix }),
    ]);
    const system: BenchSystem = {
      clinical,
      demographic,
      gateway,
      untunedGateway,
      stockGateway,
      databases,
      token: (caller) =>
        signToken(keys.issuer, { issuer: 'clinical-federation', audience: 'clinical-federation', ttl: '2h', ...caller }),
      async restartClinical({ redis }) {
        await system.clinical.stop();
        system.clinical = await spawnService('clinical', { env: clinicalEnv(clinicalPort, redis), keyPrefix: freshPrefix() });
      },
      async usePolicy(policy) {
        copyFileSync(policy === 'default' ? DEFAULT_POLICY : ALLOW_ALL_POLICY, policyPath);
        await system.clinical.reloadPolicy();
      },
      async stop() {
        await Promise.all([gateway.stop(), untunedGateway.stop(), stockGateway.stop()]);
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

/** Ports that are free now (the services bind them a moment later; loopback only, so a race is unlikely). */
async function freePorts(count: number): Promise<string[]> {
  const servers = Array.from({ length: count }, () => createServer().listen(0, '127.0.0.1'));
  await Promise.all(servers.map((server) => once(server, 'listening')));
  const ports = servers.map((server) => String((server.address() as AddressInfo).port));
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

async function tokenKeys(): Promise<{ issuer: TokenKeys; publicJwk: string }> {
  const pair = await generateKeyPair('EdDSA', { extractable: true });
  const issuer = await resolveTokenKeys({ TOKEN_SIGNING_KEY: JSON.stringify(await exportJWK(pair.privateKey)), DATA_DIR: '/nonexistent' });
  return { issuer, publicJwk: JSON.stringify(await exportJWK(pair.publicKey)) };
}
