import type { TestSystem } from '../kit/system.ts';
import { COMMIT, labelledFixture } from '../faults/documents.ts';

export const AQL = 'query($q: String!, $offset: Int, $fetch: Int) { aql(query: $q, offset: $offset, fetch: $fetch) { rows } }';

/** `SELECT COUNT(*) FROM EHR e CONTAINS (COMPOSITION c1 AND … ck)`: k sibling compositions, rows multiply per EHR. */
export const siblings = (k: number) => `SELECT COUNT(*) FROM EHR e CONTAINS (${Array.from({ length: k }, (_, i) => `COMPOSITION c${i + 1}`).join(' AND ')})`;

/** Settings that let the k-sibling query through to the database, where only its deadline stops it. */
export const LET_THROUGH = { AQL_MAX_CONTAINS_CLASSES: '20', AQL_MAX_AND_SIBLINGS: '20', AQL_MAX_PLAN_COST: '0' };
export const HEAVY = siblings(9); // 10 compositions in one EHR: 10^9 rows to count

/** A new EHR with `count` compositions, committed through the gateway; its id. */
export async function withCompositions(target: TestSystem, count: number): Promise<string> {
  const id: string = (await target.gateway.request(`mutation { createEhr { id } }`)).data.createEhr.id;
  for (let i = 0; i < count; i++) await target.gateway.request(COMMIT, { ehrId: id, c: labelledFixture('minimal_evaluation.json', `c${i}`) });
  return id;
}

/** Statements of the clinical service still running in its database (this connection's own excluded). */
export async function runningResearch(target: TestSystem): Promise<number> {
  const { rows } = await target.clinicalDb.query<{ n: string }>(
    `SELECT count(*) AS n FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active' AND query LIKE '%composition_versions%'`,
  );
  return Number(rows[0]?.n ?? 0);
}

/** Whether `check` holds within `ms` (polled every 20 ms). */
export const poll = async (check: () => Promise<boolean>, ms: number): Promise<boolean> => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
};

/** An AQL request to `url` that the caller can walk away from: the promise gives the answer, or `aborted`. */
export function abandonableAql(url: string, token: string, q: string) {
  const gone = new AbortController();
  const answer = fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: AQL, variables: { q } }),
    signal: gone.signal,
  }).then(
    (response) => response.json() as Promise<{ errors?: { extensions?: Record<string, unknown> }[] }>,
    () => 'aborted' as const,
  );
  return { answer, leave: () => gone.abort() };
}
