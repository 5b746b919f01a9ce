// Static checks of docker-compose.yml and the Dockerfile (no Docker engine is needed).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEVELOPMENT_DB_PASSWORDS } from '../platform/config/production.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  env_file?: unknown;
  ports?: (string | number | { target?: number; published?: number | string })[];
  expose?: unknown[];
  networks?: string[] | Record<string, unknown>;
  network_mode?: string;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  stop_grace_period?: string;
  volumes?: unknown[];
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  networks?: Record<string, { internal?: boolean } | null>;
  volumes?: Record<string, unknown>;
}

const composeText = readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8');
const compose = parse(composeText) as ComposeFile;
const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
const dockerignore = readFileSync(join(repoRoot, '.dockerignore'), 'utf8');

const SERVICES = ['postgres-clinical', 'postgres-clinical-replica', 'postgres-demographic', 'redis', 'clinical', 'demographic', 'gateway'];
const APP_SERVICES = ['clinical', 'demographic', 'gateway'];

function service(name: string): ComposeService {
  const s = compose.services[name];
  if (!s) throw new Error(`service ${name} missing`);
  return s;
}

function env(name: string): Record<string, string> {
  const environment = service(name).environment ?? {};
  const entries: [string, string][] = Array.isArray(environment)
    ? environment.map((item) => {
        const i = item.indexOf('=');
        return i < 0 ? [item, ''] : [item.slice(0, i), item.slice(i + 1)];
      })
    : Object.entries(environment).map(([key, value]) => [key, value === null ? '' : String(value)]);
  return Object.fromEntries(entries);
}

function networks(name: string): string[] {
  const n = service(name).networks ?? [];
  return (Array.isArray(n) ? n : Object.keys(n)).slice().sort();
}

/** Container ports published to the host. */
function publishedPorts(name: string): number[] {
  return (service(name).ports ?? []).map((port) => {
    if (typeof port === 'object') return Number(port.target);
    const spec = String(port).split('/')[0] as string;
    return Number(spec.split(':').at(-1));
  });
}

function dependsOn(name: string): Record<string, string | undefined> {
  const d = service(name).depends_on ?? {};
  if (Array.isArray(d)) return Object.fromEntries(d.map((dep) => [dep, undefined]));
  return Object.fromEntries(Object.entries(d).map(([dep, v]) => [dep, v.condition]));
}

/** Host part of a URL that may contain compose interpolations in the password. */
function urlHost(url: string): string {
  const match = /^[a-z]+:\/\/(?:[^@/]*@)?([^:/]+)/.exec(url);
  if (!match?.[1]) throw new Error(`not a URL: ${url}`);
  return match[1];
}

describe('docker-compose.yml', () => {
  it('defines the six services', () => {
    expect(Object.keys(compose.services).sort()).toEqual([...SERVICES].sort());
  });

  it('runs each application service from the Dockerfile with its own command', () => {
    const commands: Record<string, string> = {
      // node itself, so that SIGTERM reaches the service's graceful stop (no npx in between)
      clinical: 'node --import tsx subgraphs/clinical/main.ts',
      demographic: 'node --import tsx subgraphs/demographic/main.ts',
      gateway: 'node --import tsx gateway/main.ts',
    };
    for (const name of APP_SERVICES) {
      const build = service(name).build;
      const context = typeof build === 'string' ? build : build?.context;
      const file = typeof build === 'object' ? (build.dockerfile ?? 'Dockerfile') : 'Dockerfile';
      expect(context, `${name} build context`).toBe('.');
      expect(file, `${name} dockerfile`).toBe('Dockerfile');
      const command = service(name).command;
      expect(Array.isArray(command) ? command.join(' ') : command, `${name} command`).toBe(commands[name]);
    }
    expect(service('postgres-clinical').image).toBe('postgres:16');
    expect(service('postgres-demographic').image).toBe('postgres:16');
    expect(service('redis').image).toBe('redis:7');
  });

  it('gives each database its own name, user, password and named volume', () => {
    for (const [name, db] of [
      ['postgres-clinical', 'clinical'],
      ['postgres-demographic', 'demographic'],
    ] as const) {
      const e = env(name);
      expect(e['POSTGRES_DB']).toBe(db);
      expect(e['POSTGRES_USER']).toBe(db);
      expect(e['POSTGRES_PASSWORD']).toMatch(/^\$\{[A-Z_]+_DB_PASSWORD:-[^}]+\}$/);
      // Named volumes only (the clinical primary also mounts its replication set-up script).
      const volumes = (service(name).volumes ?? []).map(String).filter((volume) => !volume.startsWith('./'));
      expect(volumes).toHaveLength(1);
      const volumeName = (volumes[0] as string).split(':')[0] as string;
      expect(Object.keys(compose.volumes ?? {})).toContain(volumeName);
    }
    expect(env('postgres-clinical')['POSTGRES_PASSWORD']).not.toBe(env('postgres-demographic')['POSTGRES_PASSWORD']);
  });

  it('gives the clinical subgraph its own database and nothing of the demographic one', () => {
    const e = env('clinical');
    expect(e['CLINICAL_PORT']).toBe('4001');
    expect(urlHost(e['CLINICAL_DATABASE_URL'] ?? '')).toBe('postgres-clinical');
    expect(e['CLINICAL_DATABASE_URL']).toMatch(/^postgres:\/\/clinical:\$\{CLINICAL_DB_PASSWORD:-[^}]+\}@postgres-clinical:5432\/clinical$/);
    expect(e['REDIS_URL']).toBe('redis://redis:6379');
    expect(e['SYSTEM_ID']).toBeTruthy();
    expect(Object.keys(e)).not.toContain('DEMOGRAPHIC_DATABASE_URL');
    expect(Object.keys(e)).not.toContain('LINK_ENCRYPTION_KEY');
    expect(Object.keys(e).filter((k) => k.endsWith('DATABASE_URL'))).toEqual(['CLINICAL_DATABASE_URL', 'RESEARCH_DATABASE_URL']);
    expect(urlHost(e['RESEARCH_DATABASE_URL'] ?? '')).toBe('postgres-clinical-replica');
    for (const value of Object.values(e)) {
      expect(value).not.toMatch(/demographic/i);
      expect(value).not.toContain('DEMOGRAPHIC_DB_PASSWORD');
    }
    expect(service('clinical').env_file).toBeUndefined();
  });

  it('gives the demographic subgraph its own database and nothing of the clinical one', () => {
    const e = env('demographic');
    expect(e['DEMOGRAPHIC_PORT']).toBe('4002');
    expect(urlHost(e['DEMOGRAPHIC_DATABASE_URL'] ?? '')).toBe('postgres-demographic');
    expect(e['DEMOGRAPHIC_DATABASE_URL']).toMatch(/^postgres:\/\/demographic:\$\{DEMOGRAPHIC_DB_PASSWORD:-[^}]+\}@postgres-demographic:5432\/demographic$/);
    expect(e['REDIS_URL']).toBe('redis://redis:6379');
    expect(Object.keys(e)).not.toContain('CLINICAL_DATABASE_URL');
    expect(Object.keys(e).filter((k) => k.endsWith('DATABASE_URL'))).toEqual(['DEMOGRAPHIC_DATABASE_URL']);
    for (const value of Object.values(e)) {
      expect(value).not.toMatch(/postgres-clinical|CLINICAL_DB_PASSWORD/);
      expect(value).not.toMatch(/@[^/]*clinical/);
    }
    expect(service('demographic').env_file).toBeUndefined();
  });

  it('takes LINK_ENCRYPTION_KEY only from the environment, required, with no literal value anywhere', () => {
    expect(env('demographic')['LINK_ENCRYPTION_KEY']).toMatch(/^\$\{LINK_ENCRYPTION_KEY:\?[^}]*\}$/);
    for (const name of SERVICES.filter((s) => s !== 'demographic')) {
      expect(Object.keys(env(name)), name).not.toContain('LINK_ENCRYPTION_KEY');
    }
    // The only mentions of the variable are the required interpolation and comments.
    const mentions = composeText.split('\n').filter((line) => line.includes('LINK_ENCRYPTION_KEY') && !line.trimStart().startsWith('#'));
    expect(mentions.map((l) => l.trim())).toEqual(['LINK_ENCRYPTION_KEY: ${LINK_ENCRYPTION_KEY:?set LINK_ENCRYPTION_KEY}']);
  });

  it('gives every app service the same token public key from the environment, and no signing key', () => {
    for (const name of ['clinical', 'demographic', 'gateway']) {
      expect(env(name)['TOKEN_PUBLIC_KEY'], name).toMatch(/^\$\{TOKEN_PUBLIC_KEY:\?[^}]*\}$/);
      expect(Object.keys(env(name)), name).not.toContain('TOKEN_SIGNING_KEY');
    }
  });

  it('points the gateway at both subgraphs', () => {
    const e = env('gateway');
    expect(e['GATEWAY_PORT']).toBe('4000');
    expect(e['CLINICAL_URL']).toBe('http://clinical:4001/graphql');
    expect(e['DEMOGRAPHIC_URL']).toBe('http://demographic:4002/graphql');
    expect(e['REDIS_URL']).toBe('redis://redis:6379');
    expect(Object.keys(e).filter((k) => k.endsWith('DATABASE_URL'))).toEqual([]);
    expect(Object.keys(e)).not.toContain('LINK_ENCRYPTION_KEY');
  });

  it('puts each database on a network shared only with its own subgraph', () => {
    expect(networks('postgres-clinical')).toEqual(['clinical-db']);
    expect(networks('postgres-clinical-replica')).toEqual(['clinical-db']);
    expect(networks('postgres-demographic')).toEqual(['demographic-db']);
    expect(networks('clinical')).toEqual(['clinical-db', 'services']);
    expect(networks('demographic')).toEqual(['demographic-db', 'services']);
    expect(networks('gateway')).toEqual(['services']);
    expect(networks('redis')).toEqual(['services']);

    const members = (network: string) => SERVICES.filter((s) => networks(s).includes(network)).sort();
    expect(members('clinical-db')).toEqual(['clinical', 'postgres-clinical', 'postgres-clinical-replica']);
    expect(members('demographic-db')).toEqual(['demographic', 'postgres-demographic']);
    expect(members('services')).toEqual(['clinical', 'demographic', 'gateway', 'redis']);

    expect(Object.keys(compose.networks ?? {}).sort()).toEqual(['clinical-db', 'demographic-db', 'services']);
    for (const name of SERVICES) expect(service(name).network_mode, name).toBeUndefined();
  });

  it('publishes only the gateway (4000) and the clinical subgraph (4001)', () => {
    expect(publishedPorts('gateway')).toEqual([4000]);
    expect(publishedPorts('clinical')).toEqual([4001]);
    for (const name of ['postgres-clinical', 'postgres-clinical-replica', 'postgres-demographic', 'redis', 'demographic']) {
      expect(service(name).ports, name).toBeUndefined();
    }
  });

  it('has healthchecks, and starts services only after their dependencies are healthy', () => {
    for (const name of SERVICES) {
      const hc = service(name).healthcheck;
      expect(hc?.test, `${name} healthcheck`).toBeTruthy();
      expect(hc?.disable).not.toBe(true);
    }
    expect(JSON.stringify(service('postgres-clinical').healthcheck?.test)).toContain('pg_isready');
    expect(JSON.stringify(service('postgres-demographic').healthcheck?.test)).toContain('pg_isready');
    expect(JSON.stringify(service('redis').healthcheck?.test)).toContain('redis-cli');

    expect(dependsOn('clinical')).toEqual({ 'postgres-clinical': 'service_healthy', 'postgres-clinical-replica': 'service_healthy', redis: 'service_healthy' });
    expect(dependsOn('postgres-clinical-replica')).toEqual({ 'postgres-clinical': 'service_healthy' });
    expect(dependsOn('demographic')).toEqual({ 'postgres-demographic': 'service_healthy', redis: 'service_healthy' });
    expect(dependsOn('gateway')).toEqual({
      clinical: 'service_healthy',
      demographic: 'service_healthy',
      redis: 'service_healthy',
    });
  });
});

describe('docker-compose.yml operations', () => {
  const OWN_PORT: Record<string, string> = { clinical: 'CLINICAL_PORT', demographic: 'DEMOGRAPHIC_PORT', gateway: 'GATEWAY_PORT' };

  it("checks each app service's /ready on its own port with node (the image has no curl or wget)", () => {
    for (const name of APP_SERVICES) {
      const test = service(name).healthcheck?.test;
      expect(Array.isArray(test), name).toBe(true);
      const [kind, program, flag, script] = test as string[];
      expect([kind, program, flag], name).toEqual(['CMD', 'node', '-e']);
      expect(script, name).toContain(`fetch('http://127.0.0.1:${env(name)[OWN_PORT[name] as string]}/ready')`);
      expect(script, name).toMatch(/process\.exit\(r\.ok\?0:1\)/);
      expect(JSON.stringify(test)).not.toMatch(/curl|wget/);
    }
    expect(dockerfile).not.toMatch(/apt-get|apk add/);
  });

  it('serves metrics on METRICS_PORT, which is not published', () => {
    for (const name of APP_SERVICES) {
      const metricsPort = Number(env(name)['METRICS_PORT']);
      expect(metricsPort, name).toBeGreaterThan(0);
      expect(publishedPorts(name), name).not.toContain(metricsPort);
    }
  });

  it('gives each app service longer to stop than its drain bound, and development mode unless told', () => {
    const seconds = (value: string | undefined) => Number(/^(\d+)s$/.exec(value ?? '')?.[1]);
    for (const name of APP_SERVICES) {
      const drainMs = Number(env(name)['SHUTDOWN_TIMEOUT_MS']);
      expect(drainMs, name).toBeGreaterThan(0);
      // run-service.ts allows 5 s past the drain bound to close pools.
      expect(seconds(service(name).stop_grace_period) * 1000, name).toBeGreaterThan(drainMs + 5000);
      expect(env(name)['NODE_ENV'], name).toBe('${NODE_ENV:-development}');
    }
  });

  it('falls back only to database passwords that production refuses', () => {
    for (const name of ['postgres-clinical', 'postgres-demographic']) {
      const fallback = /:-([^}]+)\}$/.exec(env(name)['POSTGRES_PASSWORD'] ?? '')?.[1];
      expect(DEVELOPMENT_DB_PASSWORDS, name).toContain(fallback);
    }
  });
});

describe('Dockerfile', () => {
  it('builds from node:20-slim with npm ci and runs as the node user without a default command', () => {
    expect(dockerfile).toMatch(/^FROM node:20-slim\s*$/m);
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    const instructions = dockerfile
      .split('\n')
      .filter((l) => /^[A-Z]+\s/.test(l))
      .map((l) => l.split(/\s/)[0]);
    expect(instructions.at(-1)).toBe('USER');
    expect(dockerfile).toMatch(/^USER node\s*$/m);
    expect(dockerfile).not.toMatch(/^(CMD|ENTRYPOINT)\b/m);
  });

  it('keeps dependencies, data, secrets and VCS out of the build context', () => {
    const entries = dockerignore
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const entry of ['node_modules', 'data', '.git', '.env']) expect(entries).toContain(entry);
  });
});
