import { platformError } from '../../../common/errors.ts';
import type { Guard } from '../../common/access/guard.ts';
import type { Database } from '../../common/db.ts';
import type { CohortQuery, CohortResult } from '../generated/resolvers-types.ts';
import { describeCohort, validateCohortQuery } from './input.ts';
import { cohortStatement, elementsStatement, type CohortRow } from './sql.ts';
import { cohortResult } from './suppression.ts';

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
      // The planner's estimate can lift a large cohort over jit_above_cost; compiling the plan
      // takes far longer than running it.
      await tx.query('SET LOCAL jit = off');
      const { sql, params } = cohortStatement(spec, ids, this.guard.ability);
      return tx.query<CohortRow>(sql, params);
    });
    return cohortResult(rows, limits);
  }
}
