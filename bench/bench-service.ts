import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadClinicalConfig, type ClinicalConfig } from '../subgraphs/clinical/config.ts';
import { startClinicalService } from '../subgraphs/clinical/service.ts';
import { graphqlClient, withToken, type GraphQLClient } from '../test/kit/graphql-client.ts';
import { testIssuer } from '../test/kit/tokens.ts';
import type { BenchTarget } from './bench-database.ts';

export interface BenchService {
  config: ClinicalConfig;
  /** A client of the clinical subgraph that sends a token with these claims. */
  clientAs(claims: { sub: string; org: string; roles: string[] }): Promise<GraphQLClient>;
  /** A raw connection to the bench database, for EXPLAIN. */
  raw: pg.Client;
  stop(): Promise<void>;
}

/** The real clinical subgraph on a bench database, with a fresh token key; `env` adds settings (e.g. POLICY_PATH). */
export async function startBenchService(target: BenchTarget, env: Record<string, string> = {}): Promise<BenchService> {
  const issuer = await testIssuer();
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-'));
  const config = loadClinicalConfig({
    ...issuer.authEnv,
    CLINICAL_DATABASE_URL: target.url,
    CLINICAL_PORT: '0',
    DATA_DIR: dataDir,
    ...env,
  });
  const service = await startClinicalService(config);
  const raw = new pg.Client({ connectionString: target.url });
  await raw.connect();
  return {
    config,
    raw,
    clientAs: async (claims) => withToken(graphqlClient(service.url), await issuer.token(claims)),
    async stop() {
      await raw.end();
      await service.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** EXPLAIN (ANALYZE, BUFFERS) of a statement as the service runs it, and the indexes it uses. */
export async function explain(db: pg.Client, sql: string, params: unknown[], settings = 'SET LOCAL jit = off'): Promise<{ plan: string[]; indexes: string[] }> {
  await db.query('BEGIN');
  await db.query(settings);
  const plan = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)).rows.map((row) => row['QUERY PLAN']);
  await db.query('COMMIT');
  const indexes = [...new Set(plan.flatMap((line) => [...line.matchAll(/(?:using|Bitmap Index Scan on) (\w+)/g)].map((m) => m[1] as string)))];
  return { plan, indexes };
}
