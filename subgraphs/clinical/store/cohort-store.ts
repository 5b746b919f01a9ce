import type { CallerAbility } from '../../kit/authz/types.ts';
import type { Queryable } from '../../kit/db/db.ts';
import type { CohortSpec } from '../cohort/input.ts';
import { cohortStatement, elementsStatement } from '../cohort/sql.ts';

/**
 * Planner settings of the cohort statement's transaction: no JIT (a large estimate lifts it over
 * jit_above_cost, and compiling takes longer than running), and random reads costed as on SSD or
 * cached data (1.1, not the spinning-disk default 4), with which the planner intersects the code
 * and (element, time) indexes instead of reading every value of the code over all time.
 */
export const COHORT_PLANNER_SETTINGS = `SELECT set_config('jit', 'off', true), set_config('random_page_cost', '1.1', true)`;

/**
 * The statement of a cohort query, inside the transaction that runs it (for its planner settings):
 * the element ids its path matches are read first, then the aggregates are built with the caller's
 * read rules inside (cohort/sql.ts), naming the EHRs of the total when `nameEhrs`.
 */
export async function cohortStatementFor(
  tx: Queryable,
  spec: CohortSpec,
  ability: CallerAbility,
  nameEhrs: boolean,
): Promise<{ sql: string; params: unknown[] }> {
  const elements = elementsStatement(spec);
  const ids = (await tx.query<{ id: number }>(elements.sql, elements.params)).rows.map((row) => row.id);
  await tx.query(COHORT_PLANNER_SETTINGS);
  return cohortStatement(spec, ids, ability, nameEhrs);
}
