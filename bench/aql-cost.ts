/**
 * tsx bench/aql-cost.ts [--ehrs N --compositions-per-ehr M] [--database-url URL]
 *
 * An AQL blood-pressure query with a WHERE on the systolic magnitude and LIMIT 100, and the same
 * as one aggregate row (COUNT, AVG: every matching EHR of the network contributes, and the audit
 * trail names them all), through the real clinical subgraph on a `bench_cohort_<N>x<M>` database
 * (npm run bench:data), as a clinician: p50/p99 over BENCH_ROUNDS runs and EXPLAIN (ANALYZE,
 * BUFFERS) of the row query with the indexes used.
 */
import type { Principal } from '../platform/auth/principal.ts';
import { buildCallerAbility, loadPolicy } from '../subgraphs/kit/authz/index.ts';
import { compileAql, parseAql } from '../subgraphs/clinical/aql/index.ts';
import { hiddenFor } from '../subgraphs/clinical/access/composition-view.ts';
import { aqlPathRefusal } from '../subgraphs/clinical/privacy/identity.ts';
import { aqlAccess } from '../subgraphs/clinical/access/query-access.ts';
import { benchDatabaseExists, benchTarget } from './bench-database.ts';
import { explain, startBenchService } from './bench-service.ts';
import { ms, quantile, sample } from './stats.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 100);
const SYSTOLIC = 'o/data[at0001]/events[at0002]/data[at0003]/items[at0004]/value/magnitude';
const QUERY = `SELECT e/ehr_id/value AS ehr, ${SYSTOLIC} AS systolic FROM EHR e CONTAINS COMPOSITION c CONTAINS OBSERVATION o[openEHR-EHR-OBSERVATION.blood_pressure.v2] WHERE ${SYSTOLIC} >= $min LIMIT 100`;
const AGGREGATE = `SELECT COUNT(*), AVG(${SYSTOLIC}) FROM EHR e CONTAINS COMPOSITION c CONTAINS OBSERVATION o[openEHR-EHR-OBSERVATION.blood_pressure.v2] WHERE ${SYSTOLIC} >= $min`;
const AQL = `query($q: String!, $p: JSON) { aql(query: $q, parameters: $p) { meta { rowCount } } }`;
const CLINICIAN = { sub: 'bench-clinician', org: 'org-a', roles: ['clinician'] };

const target = benchTarget(process.argv.slice(2));
if (!target || !(await benchDatabaseExists(target))) {
  console.log('aql-cost: skipped (needs a bench database: npm run bench:data with BENCH_DATABASE_URL or TEST_DATABASE_URL)');
  process.exit(0);
}
const bench = await startBenchService(target);
try {
  const client = await bench.clientAs(CLINICIAN);
  console.log(`\nAQL on ${target.name}: blood pressure with systolic >= $min, LIMIT 100, as a clinician of org-a (network org-a, org-b)`);
  for (const [label, q] of [
    ['rows', QUERY],
    ['aggregate', AGGREGATE],
  ] as const) {
    for (const min of [140, 179]) {
      const run = async () => {
        const response = await client.request(AQL, { q, p: { min } });
        if (response.errors) throw new Error(JSON.stringify(response.errors));
        return response.data.aql.meta.rowCount as number;
      };
      const rows = await run();
      const samples = await sample(run, ROUNDS, 10);
      console.log(`  ${label.padEnd(9)} systolic >= ${min}: ${rows} rows   p50 ${ms(quantile(samples, 0.5))} ms   p99 ${ms(quantile(samples, 0.99))} ms`);
    }
  }
  const principal: Principal = { ...CLINICIAN, scopes: null, jti: null, ehrId: null, purpose: null, issuer: 'clinical-federation', expiresAt: null };
  const ability = buildCallerAbility(loadPolicy(bench.config.POLICY_PATH), principal);
  const compiled = compileAql(parseAql(QUERY), { parameters: { min: 140 }, maxRows: 10_000, access: aqlAccess(ability, aqlPathRefusal(hiddenFor(ability))) });
  const { plan, indexes } = await explain(bench.raw, compiled.sql, compiled.params);
  console.log(`  indexes used: ${indexes.join(', ') || 'none'}`);
  for (const line of plan) console.log(`  | ${line}`);
} finally {
  await bench.stop();
}
