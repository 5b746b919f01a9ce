import type { Principal } from '../../../platform/auth/principal.ts';
import { badInput, platformError } from '../../../platform/errors/errors.ts';
import type { Guard } from '../../kit/access/guard.ts';
import type { CohortQuery, CohortResult } from '../generated/resolvers-types.ts';
import { describeCohort, validateCohortQuery } from '../cohort/input.ts';
import { cohortResult } from '../cohort/suppression.ts';
import { pathRefusal } from '../privacy/identity.ts';
import type { ResearchControl } from '../disclosure/index.ts';
import type { ClinicalStore } from '../store/clinical-store.ts';
import { hiddenFor } from './composition-view.ts';
import type { ResearchGovernor } from './research-governor.ts';

/** Cohort aggregates as one caller may see them: their read rules inside the SQL, suppression after it. */
export class CohortAccess {
  constructor(
    private readonly store: ClinicalStore,
    private readonly guard: Guard,
    private readonly research: ResearchControl,
    private readonly principal: Principal,
    private readonly governor: ResearchGovernor,
  ) {}

  async run(query: CohortQuery): Promise<CohortResult> {
    // Callers who may read no entry at all are refused before anything they sent is looked at.
    const { allowed, reason } = this.guard.ability.decide('read', 'Entry');
    if (!allowed) {
      this.guard.audit.record({ action: 'cohort', subjectType: 'Entry', subjectIds: [], allowed: false, reason });
      throw platformError('FORBIDDEN', 'Your access policy does not allow read on Entry', { action: 'read', subject: 'Entry' });
    }
    // a cohort counts values at a path: the identity table decides it as it does AQL paths
    const attributes = query.elementPath
      .split('/')
      .slice(1)
      .map((step) => step.replace(/\[.*$/, ''));
    const refused = pathRefusal(hiddenFor(this.guard.ability), 'ENTRY', attributes);
    if (refused !== null) throw badInput(`elementPath refused (${refused})`, { argument: 'query.elementPath' });
    const limits = this.guard.ability.research;
    const spec = validateCohortQuery(query, { wholeDays: limits.suppressed });
    await this.research.budget.spend(this.research.principal, limits);
    const suppression = limits.suppressed ? `; small cells (< ${limits.minimumCellSize} EHRs) suppressed, numbers noised` : '';
    // One event per query: its shape, never the EHRs it counted.
    this.guard.audit.record({
      action: 'cohort',
      subjectType: 'Entry',
      subjectIds: [],
      allowed: true,
      reason: `${describeCohort(spec)}${suppression} (${reason})`,
    });
    const rows = await this.governor.run(this.principal, 'cohort', (run) => this.store.cohort(spec, this.guard.ability, run));
    return cohortResult(rows, this.research.disclosure);
  }
}
