/**
 * What a commit and a read of a fixture composition cost through the gateway and directly on the
 * clinical subgraph, in one run. Sequential requests over loopback HTTP; medians and p95.
 * Real PostgreSQL when TEST_DATABASE_URL is set, else PGlite in memory.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { startSystem } from '../test/kit/system.ts';
import { quantile } from './stats.ts';
import { COMPOSITIONS_DIR } from '../test/kit/fixtures.ts';
import type { GraphQLClient } from '../test/kit/graphql-client.ts';

const FIXTURES = COMPOSITIONS_DIR;
const DOCUMENTS = ['ehrbase_blood_pressure_simple.de.v0.json', 'conformance_ehrbase.de.v0_max_v2.json'];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);
const WARMUP = 10;

const COMMIT = `mutation($e: UUID!, $c: JSON!) { commitComposition(ehrId: $e, composition: $c) { uid } }`;
const READ = `query($uid: String!) { composition(uid: $uid) { uid canonical entries { name elements { path value { rmType } } } } }`;

async function timed(client: GraphQLClient, query: string, variables: Record<string, unknown>): Promise<number> {
  const start = performance.now();
  const response = await client.request(query, variables);
  const elapsed = performance.now() - start;
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return elapsed;
}

const system = await startSystem();
try {
  const ehrId = (await system.gateway.request(`mutation { createEhr { id } }`)).data.createEhr.id as string;
  console.log(`engine: ${system.clinicalDb.engine}; ${cpus().length} cores; Node ${process.version}; ${ROUNDS} rounds after ${WARMUP} warm-up`);
  console.log('document                                   bytes  operation  via       median ms   p95 ms   ratio (gateway/direct)');
  for (const name of DOCUMENTS) {
    const document = JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as unknown;
    const bytes = JSON.stringify(document).length;
    const uid = (await system.clinical.request(COMMIT, { e: ehrId, c: document })).data.commitComposition.uid as string;
    for (const [operation, query, variables] of [
      ['commit', COMMIT, { e: ehrId, c: document }],
      ['read', READ, { uid }],
    ] as const) {
      const medians: Record<string, number> = {};
      for (const [via, client] of [
        ['direct', system.clinical],
        ['gateway', system.gateway],
      ] as const) {
        for (let i = 0; i < WARMUP; i++) await timed(client, query, variables);
        const samples: number[] = [];
        for (let i = 0; i < ROUNDS; i++) samples.push(await timed(client, query, variables));
        medians[via] = quantile(samples, 0.5);
        const ratio = via === 'gateway' ? ((medians.gateway ?? 0) / (medians.direct ?? 1)).toFixed(2) : '';
        console.log(
          `${name.padEnd(42)} ${String(bytes).padStart(6)}  ${operation.padEnd(9)}  ${via.padEnd(8)} ${quantile(samples, 0.5).toFixed(2).padStart(10)} ${quantile(samples, 0.95).toFixed(2).padStart(8)}   ${ratio}`,
        );
      }
    }
  }
} finally {
  await system.stop();
}
