import { AND_SIBLINGS } from '../../../platform/limits/query-limits.ts';
import { measure } from '../measure.ts';
import { COMPOSITION_BY_UID } from '../queries.ts';
import { CONNECTIONS, type ScenarioContext, type ScenarioResult } from './context.ts';

/**
 * The costliest shape the default limits admit on the engine: `k` sibling compositions per EHR
 * (n^k rows for n compositions), k = AQL_MAX_AND_SIBLINGS (5 on PostgreSQL, 2 on PGlite).
 */
const researchAql = (siblings: number) =>
  `SELECT COUNT(*) FROM EHR e CONTAINS (${Array.from({ length: siblings }, (_, i) => `COMPOSITION c${i + 1}`).join(' AND ')})`;
const RESEARCHERS = 10;

/**
 * Scenario 6: clinical reads (composition by uid, through the gateway) alone, then while ten
 * researchers each keep one worst-case admitted AQL query running on the clinical subgraph. The
 * ratio with/without is what research load costs a clinician (the research gate and deadlines).
 */
export async function researchScenario({ system, dataset, timing, clinicians }: ScenarioContext): Promise<ScenarioResult> {
  console.log('6. clinical reads while research queries run');
  const query = researchAql(AND_SIBLINGS[system.databases.clinicalUrl ? 'postgres' : 'pglite']);
  const reads = clinicians.map((token) => ({ query: COMPOSITION_BY_UID, variables: { uid: dataset.authorizationUid }, token }));
  const alone = await measure({ label: 'clinical reads alone', service: system.gateway, requests: reads, connections: CONNECTIONS }, timing);
  const tokens = await Promise.all(
    Array.from({ length: RESEARCHERS }, (_, i) => system.token({ sub: `bench-researcher-${i}`, org: 'org-a', roles: ['clinician'] })),
  );
  let running = true;
  const answered = { ok: 0, refused: 0 };
  const researcher = async (token: string) => {
    while (running) {
      // On PGlite a running statement holds the whole process (one at a time, each kept short by the shape limits).
      const body = await fetch(system.clinical.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: 'query($q: String!) { aql(query: $q) { rows } }', variables: { q: query } }),
      }).then(
        (response) => response.json() as Promise<{ errors?: unknown[] }>,
        () => ({ errors: ['no answer'] }),
      );
      if (body.errors) answered.refused += 1;
      else answered.ok += 1;
    }
  };
  const load = Promise.all(tokens.map(researcher));
  let during;
  try {
    during = await measure({ label: 'clinical reads during research', service: system.gateway, requests: reads, connections: CONNECTIONS }, timing);
  } finally {
    running = false;
    await load;
  }
  return {
    id: 6,
    title: 'clinical reads while research queries run',
    runs: [alone, during],
    derived: { researchLoadP50Ratio: during.p50Ms / alone.p50Ms, researchLoadP99Ratio: during.p99Ms / alone.p99Ms },
    notes: [
      `${RESEARCHERS} researchers each keep one query running: ${query}`,
      `research answers during the run: ${answered.ok} ran, ${answered.refused} refused (deadline or no turn in time)`,
    ],
  };
}
