import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTokenKeys } from '../../platform/auth/config.ts';
import { configProblems } from '../kit/config-errors.ts';
import { keyPair } from '../kit/tokens.ts';
import { generatedLinkKeyPath, generatedTokenKeyPath } from '../../platform/config/production.ts';
import { loadGatewayConfig } from '../../gateway/config.ts';
import { loadClinicalConfig } from '../../subgraphs/clinical/config.ts';
import { loadDemographicConfig } from '../../subgraphs/demographic/config.ts';
import { loadOrCreateKeyFile } from '../../subgraphs/demographic/crypto.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let dataDir: string;
let productionKey: string;
let developmentPublicKey: string;
const linkKey = randomBytes(32).toString('base64');

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'production-check-'));
  productionKey = JSON.stringify((await keyPair()).publicJwk);
  // What the embedded default leaves in a data folder: the generated token key and link key.
  const generated = await resolveTokenKeys({ DATA_DIR: dataDir }, () => undefined);
  developmentPublicKey = JSON.stringify(await exportJWK(generated.publicKey));
  mkdirSync(join(dataDir, 'demographic'), { recursive: true });
  loadOrCreateKeyFile(generatedLinkKeyPath(dataDir), () => undefined);
});

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const noiseSecret = randomBytes(32).toString('base64');
/** A production environment; the clinical service's own secret is given, as a deployment would. */
const production = (env: NodeJS.ProcessEnv = {}) => ({ NODE_ENV: 'production', DATA_DIR: dataDir, RESEARCH_NOISE_SECRET: noiseSecret, ...env });

describe('NODE_ENV=production refuses development keys and default secrets', () => {
  it('a production configuration of every service is taken', () => {
    const url = (db: string) => `postgres://${db}:s3cret-of-its-own@db:5432/${db}`;
    expect(loadGatewayConfig(production({ TOKEN_PUBLIC_KEY: productionKey }))).toMatchObject({ NODE_ENV: 'production' });
    expect(loadClinicalConfig(production({ TOKEN_PUBLIC_KEY: productionKey, CLINICAL_DATABASE_URL: url('clinical') }))).toMatchObject({
      NODE_ENV: 'production',
    });
    expect(
      loadDemographicConfig(production({ TOKEN_PUBLIC_KEY: productionKey, LINK_ENCRYPTION_KEY: linkKey, DEMOGRAPHIC_DATABASE_URL: url('demographic') })),
    ).toMatchObject({ NODE_ENV: 'production' });
  });

  it('every service: no TOKEN_PUBLIC_KEY means the generated development key, refused', () => {
    const message = `TOKEN_PUBLIC_KEY: must be set in production; without it the service uses the development key generated in ${generatedTokenKeyPath(dataDir)}`;
    expect(configProblems(() => loadGatewayConfig(production()))).toEqual([message]);
    expect(configProblems(() => loadClinicalConfig(production()))).toEqual([message]);
    expect(configProblems(() => loadDemographicConfig(production({ LINK_ENCRYPTION_KEY: linkKey })))).toEqual([message]);
  });

  it('the public half of the generated development key, given as TOKEN_PUBLIC_KEY, is refused', () => {
    expect(configProblems(() => loadGatewayConfig(production({ TOKEN_PUBLIC_KEY: developmentPublicKey })))).toEqual([
      `TOKEN_PUBLIC_KEY: is the development key generated in ${generatedTokenKeyPath(dataDir)}; make a production key pair (npm run keys)`,
    ]);
  });

  it('a token signing key given to a service is refused', () => {
    const signing = readFileSync(generatedTokenKeyPath(dataDir), 'utf8');
    expect(configProblems(() => loadClinicalConfig(production({ TOKEN_PUBLIC_KEY: productionKey, TOKEN_SIGNING_KEY: signing })))).toEqual([
      'TOKEN_SIGNING_KEY: must not be given to a service in production; services verify tokens with TOKEN_PUBLIC_KEY only',
    ]);
  });

  it('demographic: the generated link key, by its absence or given back in hex, is refused', () => {
    const path = generatedLinkKeyPath(dataDir);
    expect(configProblems(() => loadDemographicConfig(production({ TOKEN_PUBLIC_KEY: productionKey })))).toEqual([
      `LINK_ENCRYPTION_KEY: must be set in production; without it the service uses the key generated in ${path}`,
    ]);
    const asHex = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64').toString('hex');
    expect(configProblems(() => loadDemographicConfig(production({ TOKEN_PUBLIC_KEY: productionKey, LINK_ENCRYPTION_KEY: asHex })))).toEqual([
      `LINK_ENCRYPTION_KEY: is the development key generated in ${path}; give production a key of its own (openssl rand -base64 32)`,
    ]);
  });

  it("the compose file's default database passwords are refused", () => {
    const env = production({
      TOKEN_PUBLIC_KEY: productionKey,
      CLINICAL_DATABASE_URL: 'postgres://clinical:clinical-dev-password@postgres-clinical:5432/clinical',
    });
    expect(configProblems(() => loadClinicalConfig(env))).toEqual([
      'CLINICAL_DATABASE_URL: uses the development default password of docker-compose.yml; set a password of its own',
    ]);
  });

  it('clinical: the development research noise secret, by its absence, is refused', () => {
    const env = production({ TOKEN_PUBLIC_KEY: productionKey, RESEARCH_NOISE_SECRET: '' });
    expect(configProblems(() => loadClinicalConfig(env))).toEqual([
      'RESEARCH_NOISE_SECRET: is the development default; set a secret of its own (openssl rand -base64 32) and keep it as long as the data',
    ]);
    expect(configProblems(() => loadClinicalConfig({ ...env, RESEARCH_NOISE_SECRET: 'short' }))).toEqual([
      'RESEARCH_NOISE_SECRET: must be at least 32 characters (openssl rand -base64 32)',
    ]);
  });

  it('several problems at once: one line each', () => {
    const env = production({ DEMOGRAPHIC_DATABASE_URL: 'postgres://demographic:demographic-dev-password@db/demographic' });
    expect(configProblems(() => loadDemographicConfig(env)).map((line) => line.split(':')[0])).toEqual([
      'TOKEN_PUBLIC_KEY',
      'LINK_ENCRYPTION_KEY',
      'DEMOGRAPHIC_DATABASE_URL',
    ]);
  });

  it('outside production the same settings are taken (the embedded default of a laptop)', () => {
    expect(() => loadDemographicConfig({ DATA_DIR: dataDir })).not.toThrow();
    expect(() => loadClinicalConfig({ DATA_DIR: dataDir, CLINICAL_DATABASE_URL: 'postgres://clinical:clinical-dev-password@db/clinical' })).not.toThrow();
  });

  it('a service started with NODE_ENV=production and development keys exits 1, saying why', { timeout: 60_000 }, () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'gateway/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production', DATA_DIR: dataDir, TOKEN_PUBLIC_KEY: '', GATEWAY_PORT: '0' },
      encoding: 'utf8',
      timeout: 50_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('gateway: Invalid configuration:');
    expect(run.stderr).toContain('TOKEN_PUBLIC_KEY: must be set in production');
  });
});

// An operator may rewrite the key file in hex: it is still recognised as the development key.
describe('generated key files', () => {
  it('a link key file written as hex is still recognised as the development key', () => {
    const folder = mkdtempSync(join(tmpdir(), 'production-hex-'));
    try {
      const key = randomBytes(32);
      mkdirSync(join(folder, 'demographic'), { recursive: true });
      writeFileSync(generatedLinkKeyPath(folder), key.toString('hex'));
      const env = { NODE_ENV: 'production', DATA_DIR: folder, TOKEN_PUBLIC_KEY: productionKey, LINK_ENCRYPTION_KEY: key.toString('base64') };
      expect(configProblems(() => loadDemographicConfig(env))).toHaveLength(1);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
