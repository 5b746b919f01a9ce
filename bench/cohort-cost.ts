/**
 * tsx bench/cohort-cost.ts [--ehrs N --compositions-per-ehr M] [--database-url URL] [--drop]
 *
 * The dashboard question "HbA1c (LOINC 4548-4) results, counted by month over the last year"
 * through the real clinical subgraph on a `bench_cohort_<N>x<M>` database (npm run bench:data),
 * as a researcher (org-a only, suppression) and as a clinician (org-a and org-b): p50/p99 over
 * BENCH_ROUNDS runs (default 100, after 10 warm-up runs), and EXPLAIN (ANALYZE, BUFFERS) of the
 * statement with the indexes it uses. `--drop` drops the database afterwards.
 */
import type { Principal } from '../platform/auth/principal.ts';
import { buildCallerAbility, loadPolicy } from '../subgraphs/kit/authz/index.ts';
import { validateCohortQuery } from '../subgraphs/clinical/cohort/input.ts';
import { cohortStatement, elementsStatement } from '../subgraphs/clinical/cohort/sql.ts';
import { COHORT_PLANNER_SETTINGS } from '../subgraphs/clinical/store/cohort-store.ts';
import { benchDatabaseExists, benchTarget, dropBenchDatabase } from './bench-database.ts';
import { explain, startBenchService } from './bench-service.ts';
import { ms, quantile, sample } from './stats.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 100);
const COHORT = `query($q: CohortQuery!) { cohort(query: $q) {
  groups { key cell { suppressed ehrCount valueCount min max mean p25 median p75 p95 } }
  total { suppressed ehrCount valueCount mean } minimumCellSize suppressionApplied } }`;
const CALLERS = {
  researcher: { sub: 'bench-researcher', org: 'uni-r', roles: ['researcher'] },
  clinician: { sub: 'bench-clinician', org: 'org-a', roles: ['clinician'] },
};

const target = benchTarget(process.argv.slice(2), ['drop']);
if (!target) {
  console.log('cohort-cost: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL, or give --database-url, and run npm run bench:data first)');
  process.exit(0);
}
if (!(await benchDatabaseExists(target))) {
  console.log(`cohort-cost: skipped, no database ${target.name}: npm run bench:data -- --ehrs ${target.ehrs} --compositions-per-ehr ${target.perEhr}`);
  process.exit(0);
}

const query = {
  archetypeId: 'openEHR-EHR-OBSERVATION.laboratory_test_result.v1',
  elementPath: '/data[at0001]/events[at0002]/data[at0003]/items[at0001]/value',
  code: 'LOINC::4548-4',
  from: new Date(Date.now() - 365 * 86_400_000).toISOString(),
  to: new Date().toISOString(),
  groupBy: 'MONTH' as const,
};

const bench = await startBenchService(target);
try {
  const counts = (
    await bench.raw.query(
      `SELECT (SELECT count(*) FROM ehrs) AS ehrs, (SELECT count(*) FROM composition_versions) AS compositions, (SELECT count(*) FROM entries) AS entries`,
    )
  ).rows[0];
  console.log(`${target.name}: ${counts.ehrs} EHRs, ${counts.compositions} compositions, ${counts.entries} entries; ${ROUNDS} runs after 10 warm-up`);
  console.log(`query: ${query.code} ${query.archetypeId} by month, ${query.from.slice(0, 10)} .. ${query.to.slice(0, 10)}`);
  for (const [role, claims] of Object.entries(CALLERS)) {
    const client = await bench.clientAs(claims);
    const run = async () => {
      const response = await client.request(COHORT, { q: query });
      if (response.errors) throw new Error(JSON.stringify(response.errors));
      return response.data.cohort;
    };
    const result = await run();
    const samples = await sample(run, ROUNDS, 10);
    console.log(
      `\n${role.padEnd(10)} p50 ${ms(quantile(samples, 0.5))} ms   p99 ${ms(quantile(samples, 0.99))} ms   (HTTP round trip to the clinical subgraph)`,
    );
    const cells = result.groups.map(
      (g: { key: string; cell: { suppressed: boolean; ehrCount: number } }) => `${g.key}:${g.cell.suppressed ? 'suppressed' : g.cell.ehrCount}`,
    );
    console.log(`  total ${result.total.ehrCount} EHRs / ${result.total.valueCount} values; EHRs per month ${cells.join(' ')}`);
    const principal: Principal = { ...claims, scopes: null, jti: null, ehrId: null, issuer: 'clinical-federation', expiresAt: null };
    const spec = validateCohortQuery(query);
    const elements = elementsStatement(spec);
    const ids = (await bench.raw.query<{ id: number }>(elements.sql, elements.params)).rows.map((row) => row.id);
    const { sql, params } = cohortStatement(spec, ids, buildCallerAbility(loadPolicy(bench.config.POLICY_PATH), principal));
    const { plan, indexes } = await explain(bench.raw, sql, params, COHORT_PLANNER_SETTINGS);
    console.log(`  indexes used: ${indexes.join(', ') || 'none'}`);
    for (const line of plan) console.log(`  | ${line}`);
  }
} finally {
  await bench.stop();
  if (target.flags.drop) {
    await dropBenchDatabase(target);
    console.log(`\ndropped ${target.name}`);
  }
}
