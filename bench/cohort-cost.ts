/**
 * tsx bench/cohort-cost.ts [--ehrs N --compositions-per-ehr M] [--database-url URL] [--drop]
 *
 * The dashboard question "HbA1c (LOINC 4548-4) results, counted by month over the last year"
 * through the real clinical subgraph on a `bench_cohort_<N>x<M>` database (npm run bench:data),
 * as a researcher (org-a only, suppression and sticky noise), as the same researcher without
 * disclosure control (policy `research.suppressRoles: []`: the un-noised cost, and the ratio), and
 * as a clinician (org-a and org-b): p50/p99 over BENCH_ROUNDS runs (default 100, after 10 warm-up
 * runs), and EXPLAIN (ANALYZE, BUFFERS) of the statement with the indexes it uses. The research
 * budget is off for the run. `--drop` drops the database afterwards.
 */
import type { Principal } from '../platform/auth/principal.ts';
import { buildCallerAbility, loadPolicy } from '../subgraphs/kit/authz/index.ts';
import { validateCohortQuery } from '../subgraphs/clinical/cohort/input.ts';
import { cohortStatement, elementsStatement } from '../subgraphs/clinical/cohort/sql.ts';
import { COHORT_PLANNER_SETTINGS } from '../subgraphs/clinical/store/cohort-store.ts';
import { defaultPolicyWithResearch } from '../test/kit/policies.ts';
import { benchDatabaseExists, benchTarget, dropBenchDatabase } from './bench-database.ts';
import { explain, startBenchService } from './bench-service.ts';
import { ms, quantile, sample } from './stats.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 100);
const COHORT = `query($q: CohortQuery!) { cohort(query: $q) {
  groups { key cell { suppressed ehrCount valueCount min max mean p25 median p75 p95 } }
  total { suppressed ehrCount valueCount mean } minimumCellSize suppressionApplied } }`;
const RESEARCHER = { sub: 'bench-researcher', org: 'uni-r', roles: ['researcher'] };
const NO_BUDGET = { budget: { queries: 0 } };
/** Label → the policy's research settings and the caller. */
const CALLERS = {
  researcher: { research: NO_BUDGET, claims: RESEARCHER },
  'researcher, un-noised': { research: { ...NO_BUDGET, suppressRoles: [] }, claims: RESEARCHER },
  clinician: { research: NO_BUDGET, claims: { sub: 'bench-clinician', org: 'org-a', roles: ['clinician'] } },
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
  // whole days: research windows must be (docs/cohorts.md, "Disclosure control")
  from: new Date(Math.floor(Date.now() / 86_400_000 - 365) * 86_400_000).toISOString(),
  to: new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000).toISOString(),
  groupBy: 'MONTH' as const,
};

const p50s = new Map<string, number>();
let bench = await startBenchService(target);
try {
  const counts = (
    await bench.raw.query(
      `SELECT (SELECT count(*) FROM ehrs) AS ehrs, (SELECT count(*) FROM composition_versions) AS compositions, (SELECT count(*) FROM entries) AS entries`,
    )
  ).rows[0];
  console.log(`${target.name}: ${counts.ehrs} EHRs, ${counts.compositions} compositions, ${counts.entries} entries; ${ROUNDS} runs after 10 warm-up`);
  console.log(`query: ${query.code} ${query.archetypeId} by month, ${query.from.slice(0, 10)} .. ${query.to.slice(0, 10)}`);
  for (const [role, { research, claims }] of Object.entries(CALLERS)) {
    await bench.stop();
    bench = await startBenchService(target, { POLICY_PATH: defaultPolicyWithResearch(research) });
    const client = await bench.clientAs(claims);
    const run = async () => {
      const response = await client.request(COHORT, { q: query });
      if (response.errors) throw new Error(JSON.stringify(response.errors));
      return response.data.cohort;
    };
    const result = await run();
    const samples = await sample(run, ROUNDS, 10);
    p50s.set(role, quantile(samples, 0.5));
    console.log(
      `\n${role.padEnd(10)} p50 ${ms(quantile(samples, 0.5))} ms   p99 ${ms(quantile(samples, 0.99))} ms   (HTTP round trip to the clinical subgraph)`,
    );
    const cells = result.groups.map(
      (g: { key: string; cell: { suppressed: boolean; ehrCount: number } }) => `${g.key}:${g.cell.suppressed ? 'suppressed' : g.cell.ehrCount}`,
    );
    console.log(`  total ${result.total.ehrCount} EHRs / ${result.total.valueCount} values; EHRs per month ${cells.join(' ')}`);
    const principal: Principal = { ...claims, scopes: null, jti: null, ehrId: null, purpose: null, issuer: 'clinical-federation', expiresAt: null };
    const spec = validateCohortQuery(query);
    const elements = elementsStatement(spec);
    const ids = (await bench.raw.query<{ id: number }>(elements.sql, elements.params)).rows.map((row) => row.id);
    const { sql, params } = cohortStatement(spec, ids, buildCallerAbility(loadPolicy(bench.config.POLICY_PATH), principal));
    const { plan, indexes } = await explain(bench.raw, sql, params, COHORT_PLANNER_SETTINGS);
    console.log(`  indexes used: ${indexes.join(', ') || 'none'}`);
    for (const line of plan) console.log(`  | ${line}`);
  }
  const noised = p50s.get('researcher') ?? NaN;
  const exact = p50s.get('researcher, un-noised') ?? NaN;
  console.log(
    `\ndisclosure control (noise, fingerprints, budget off): p50 ${ms(noised)} ms vs ${ms(exact)} ms un-noised, ratio ${(noised / exact).toFixed(2)}`,
  );
} finally {
  await bench.stop();
  if (target.flags.drop) {
    await dropBenchDatabase(target);
    console.log(`\ndropped ${target.name}`);
  }
}
