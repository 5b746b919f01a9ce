import { platformError } from '../../../platform/errors/errors.ts';
import type { Guard } from '../../kit/access/guard.ts';
import type { Database } from '../../kit/db/db.ts';
import type { CohortQuery, CohortResult } from '../generated/resolvers-types.ts';
import { describeCohort, validateCohortQuery } from '../cohort/input.ts';
import { cohortStatement, elementsStatement, type CohortRow } from '../cohort/sql.ts';
import { cohortResult } from '../cohort/suppression.ts';

/**
 * Planner settings of the cohort statement's transaction: no JIT (a large estimate lifts it over
 * jit_above_cost, and compiling takes longer than running), and random reads costed as on SSD or
 * cached data (1.1, not the spinning-disk default 4), with which the planner intersects the code
 * and (element, time) indexes instead of reading every value of the code over all time.
 */
export const COHORT_PLANNER_SETTINGS = `SELECT set_config('jit', 'off', true), set_config('random_page_cost', '1.1', true)`;

/** Cohort aggregates as one caller may see them: their read rules inside the SQL, suppression after it. */
export class CohortAccess {
  constructor(
    private readonly db: Database,
    private readonly guard: Guard,
  ) {}

  async run(query: CohortQuery): Promise<CohortResult> {
    // Callers who may read no entry at all are refused before anything they sent is looked at.
    const { allowed, reason } = this.guard.ability.decide('read', 'Entry');
    if (!allowed) {
      this.guard.audit.record({ action: 'cohort', subjectType: 'Entry', subjectIds: [], allowed: false, reason });
      throw platformError('FORBIDDEN', 'Your access policy does not allow read on Entry', { action: 'read', subject: 'Entry' });
    }
    const spec = validateCohortQuery(query);
    const limits = this.guard.ability.research;
    const suppression = limits.suppressed ? `; small cells (< ${limits.minimumCellSize} EHRs) suppressed` : '';
    // One event per query: its shape, never the EHRs it counted.
    this.guard.audit.record({ action: 'cohort', subjectType: 'Entry', subjectIds: [], allowed: true, reason: `${describeCohort(spec)}${suppression} (${reason})` });
    const { rows } = await this.db.transaction(async (tx) => {
      const elements = elementsStatement(spec);
      const ids = (await tx.query<{ id: number }>(elements.sql, elements.params)).rows.map((row) => row.id);
      await tx.query(COHORT_PLANNER_SETTINGS);
      const { sql, params } = cohortStatement(spec, ids, this.guard.ability);
      return tx.query<CohortRow>(sql, params);
    });
    return cohortResult(rows, limits);
  }
}
