/** Which bench database a run means (`--ehrs N --compositions-per-ehr M [--database-url URL]`), and its admin. */
import { parseArgs } from 'node:util';
import pg from 'pg';

export interface BenchTarget {
  ehrs: number;
  perEhr: number;
  /** `bench_cohort_<N>x<M>`, on the server of `serverUrl`. */
  name: string;
  url: string;
  serverUrl: string;
  flags: Record<string, boolean>;
}

const positive = (text: string | undefined, flag: string): number => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} must be a positive integer, found ${text}`);
  return value;
};

/** Parses the bench arguments; `booleans` names extra on/off flags (e.g. `drop`). Null without a server URL. */
export function benchTarget(argv: string[], booleans: string[] = []): BenchTarget | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      ehrs: { type: 'string', default: '10000' },
      'compositions-per-ehr': { type: 'string', default: '20' },
      'database-url': { type: 'string' },
      ...Object.fromEntries(booleans.map((flag) => [flag, { type: 'boolean' as const, default: false }])),
    },
  });
  const serverUrl = values['database-url'] ?? process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!serverUrl) return null;
  const ehrs = positive(values.ehrs, '--ehrs');
  const perEhr = positive(values['compositions-per-ehr'], '--compositions-per-ehr');
  const name = `bench_cohort_${ehrs}x${perEhr}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const flags = Object.fromEntries(booleans.map((flag) => [flag, (values as Record<string, unknown>)[flag] === true]));
  return { ehrs, perEhr, name, url: url.toString(), serverUrl, flags };
}

/** Runs one statement on the server's own database (CREATE/DROP DATABASE cannot run inside the target). */
export async function onServer<Row extends object = Record<string, unknown>>(target: BenchTarget, sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: target.serverUrl });
  await client.connect();
  try {
    return (await client.query<Row>(sql)).rows;
  } finally {
    await client.end();
  }
}

export const benchDatabaseExists = async (target: BenchTarget) =>
  (await onServer(target, `SELECT 1 FROM pg_database WHERE datname = '${target.name}'`)).length > 0;

export const dropBenchDatabase = (target: BenchTarget) => onServer(target, `DROP DATABASE IF EXISTS ${target.name} WITH (FORCE)`);
