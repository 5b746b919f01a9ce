import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import pg from 'pg';

/** Where the services keep their data and cache: real PostgreSQL/Redis when configured, else embedded. */
export interface BenchEnvironment {
  /** `BENCH_DATABASE_URL`, then `TEST_DATABASE_URL` (as bench-database.ts): a server to create throw-away databases on. */
  postgresServerUrl: string | undefined;
  redisUrl: string | undefined;
}

export function benchEnvironment(env: NodeJS.ProcessEnv = process.env): BenchEnvironment {
  return {
    postgresServerUrl: env.BENCH_DATABASE_URL || env.TEST_DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
  };
}

/** The databases of one run: two fresh PostgreSQL databases dropped afterwards, or PGlite under DATA_DIR. */
export interface RunDatabases {
  clinicalUrl: string | undefined;
  demographicUrl: string | undefined;
  engine: string;
  drop(): Promise<void>;
}

export async function createRunDatabases(serverUrl: string | undefined): Promise<RunDatabases> {
  if (!serverUrl)
    return { clinicalUrl: undefined, demographicUrl: undefined, engine: 'PGlite (embedded, files under a temporary DATA_DIR)', drop: async () => {} };
  const suffix = randomBytes(4).toString('hex');
  const names = { clinical: `bench_suite_clinical_${suffix}`, demographic: `bench_suite_demographic_${suffix}` };
  const version = await onServer(serverUrl, async (client) => {
    for (const name of Object.values(names)) await client.query(`CREATE DATABASE ${name}`);
    return (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? '?';
  });
  const urlOf = (name: string) => Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
  return {
    clinicalUrl: urlOf(names.clinical),
    demographicUrl: urlOf(names.demographic),
    engine: `PostgreSQL ${version} (${new URL(serverUrl).host})`,
    drop: () =>
      onServer(serverUrl, async (client) => {
        for (const name of Object.values(names)) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }),
  };
}

async function onServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  database: string;
  cache: string;
}

export function describeMachine(environment: BenchEnvironment, databaseEngine: string): Machine {
  const cores = cpus();
  return {
    cores: cores.length,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    database: databaseEngine,
    cache: environment.redisUrl ? `Redis (${new URL(environment.redisUrl).host})` : 'in-process',
  };
}
