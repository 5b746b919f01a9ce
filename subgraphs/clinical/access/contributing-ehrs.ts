import type { Guard } from '../../kit/access/guard.ts';
import type { HiddenCategories } from '../privacy/identity.ts';

/** The EHRs behind an AQL or cohort answer: their ids when the audit trail may name them, and how many. */
export interface ContributingEhrs {
  ids: string[] | null;
  count: number;
}

/**
 * Whether the audit trail may name the EHRs behind this caller's answers: not for callers who may
 * not see EHR ids, nor for researchers. Admins read the trail, so it must not become a way to learn
 * which records a research query read.
 */
export function auditMayNameEhrs(guard: Guard, hidden: HiddenCategories): boolean {
  const { aggregateOnly, suppressed } = guard.ability.research;
  return !hidden.has('recordIds') && !aggregateOnly && !suppressed;
}

/** One event naming the EHRs that contributed to an answer (`action`: aql or cohort), when there are ids to name. */
export function recordContributors(guard: Guard, action: 'aql' | 'cohort', what: string, ehrs: ContributingEhrs): void {
  if (ehrs.ids?.length) guard.audit.record({ action, subjectType: 'Ehr', subjectIds: ehrs.ids, allowed: true, reason: `contributed to ${what}` });
}
