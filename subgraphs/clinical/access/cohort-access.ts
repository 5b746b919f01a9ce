import type { Principal } from '../../../platform/auth/principal.ts';
import { badInput, platformError } from '../../../platform/errors/errors.ts';
import type { Guard } from '../../kit/access/guard.ts';
import type { CohortQuery, CohortResult, ResearchDisclosure } from '../generated/resolvers-types.ts';
import { describeCohort, validateCohortQuery } from '../cohort/input.ts';
import { cohortResult } from '../cohort/suppression.ts';
import { pathRefusal, refusedCategory, type HiddenCategories } from '../privacy/identity.ts';
import type { ResearchControl } from '../disclosure/index.ts';
import type { ClinicalStore } from '../store/clinical-store.ts';
import type { NumericElement } from '../store/numeric-value-store.ts';
import { hiddenFor } from './composition-view.ts';
import { auditMayNameEhrs, recordContributors } from './contributing-ehrs.ts';
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

  /** The elements a cohort can count among the values the caller may read: structure only, for callers who may read entries. */
  async elements(): Promise<NumericElement[]> {
    this.requireEntries();
    const { ability } = this.guard;
    return this.governor.run(this.principal, 'cohort', ability.research.suppressed, (run) => this.store.cohortElements(ability, run));
  }

  /** The caller's disclosure control and what is left of their budget; null when their numbers are exact. */
  async disclosure(): Promise<ResearchDisclosure | null> {
    const limits = this.guard.ability.research;
    if (!limits.suppressed) return null;
    return {
      minimumCellSize: limits.minimumCellSize,
      countNoiseScale: limits.noise.countScale,
      valueNoiseScale: limits.noise.valueScale,
      orderStatisticsMinimumCellSize: limits.orderStatisticsMinimumCellSize,
      budget: await this.research.budget.standing(this.research.principal, limits),
    };
  }

  async run(query: CohortQuery): Promise<CohortResult> {
    const reason = this.requireEntries();
    const hidden = hiddenFor(this.guard.ability);
    this.checkPath(query.elementPath, hidden);
    const limits = this.guard.ability.research;
    const spec = validateCohortQuery(query, { wholeDays: limits.suppressed });
    await this.research.budget.spend(this.research.principal, limits).catch((error: unknown) => {
      this.refuse('research query budget spent');
      throw error;
    });
    const nameEhrs = auditMayNameEhrs(this.guard, hidden);
    const suppression = limits.suppressed ? `; small cells (< ${limits.minimumCellSize} EHRs) suppressed, numbers noised` : '';
    const shape = describeCohort(spec);
    // One event per query: its shape and how many EHRs it counted (recorded too when it fails to run);
    // a second names those EHRs when the caller may see EHR ids.
    const record = (counted: string) =>
      this.guard.audit.record({
        action: 'cohort',
        subjectType: 'Entry',
        subjectIds: [],
        allowed: true,
        reason: `${shape}${suppression}; ${counted} (${reason})`,
      });
    const rows = await this.governor
      .run(this.principal, 'cohort', this.guard.ability.research.suppressed, (run) => this.store.cohort(spec, this.guard.ability, run, nameEhrs))
      .catch((error: unknown) => {
        record('not answered');
        throw error;
      });
    const total = rows.find((row) => row.total);
    const ehrs = { ids: nameEhrs ? (total?.ehrIds ?? []) : null, count: total?.ehrCount ?? 0 };
    record(`${ehrs.count} EHRs counted`);
    recordContributors(this.guard, 'cohort', shape, ehrs);
    return cohortResult(rows, this.research.disclosure);
  }

  /** Callers who may read no entry at all are refused before anything they sent is looked at. */
  private requireEntries(): string {
    const { allowed, reason } = this.guard.ability.decide('read', 'Entry');
    if (allowed) return reason;
    this.refuse(reason);
    throw platformError('FORBIDDEN', 'Your access policy does not allow read on Entry', { action: 'read', subject: 'Entry' });
  }

  /** A cohort counts values at a path: the identity table decides it as it does AQL paths. */
  private checkPath(elementPath: string, hidden: HiddenCategories): void {
    const attributes = elementPath
      .split('/')
      .slice(1)
      .map((step) => step.replace(/\[.*$/, ''));
    const refused = pathRefusal(hidden, 'ENTRY', attributes);
    if (refused === null) return;
    this.refuse(`cohort path refused: ${refusedCategory(refused)}`);
    throw badInput(`elementPath refused (${refused})`, { argument: 'query.elementPath' });
  }

  private refuse(reason: string): void {
    this.guard.audit.record({ action: 'cohort', subjectType: 'Entry', subjectIds: [], allowed: false, reason });
  }
}
