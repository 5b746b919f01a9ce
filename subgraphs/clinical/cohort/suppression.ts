import type { ResearchLimits } from '../../kit/authz/types.ts';
import type { CohortCell, CohortResult } from '../generated/resolvers-types.ts';
import type { CohortRow } from './sql.ts';

type Cell = Omit<CohortCell, '__typename'>;

const HIDDEN: Cell = {
  suppressed: true,
  ehrCount: null,
  valueCount: null,
  min: null,
  max: null,
  mean: null,
  p25: null,
  median: null,
  p75: null,
  p95: null,
};

function cellOf(row: CohortRow): Cell {
  const [p25 = null, median = null, p75 = null, p95 = null] = row.percentiles ?? [];
  return { suppressed: false, ehrCount: row.ehrCount, valueCount: row.valueCount, min: row.min, max: row.max, mean: row.mean, p25, median, p75, p95 };
}

/**
 * Small-cell suppression (docs/cohorts.md, "Small-cell suppression"), with k the policy's
 * minimum cell size:
 * 1. a group with fewer than k distinct EHRs is suppressed;
 * 2. while the suppressed groups together hold fewer than k EHRs (always so when exactly one is
 *    suppressed), the next-smallest visible group is suppressed too: the total minus the visible
 *    groups then only tells the sum of several groups, at least k EHRs;
 * 3. a total with fewer than k EHRs is suppressed (and then so is every group).
 */
export function suppressedGroups(groups: readonly CohortRow[], k: number): Set<CohortRow> {
  const hidden = new Set(groups.filter((group) => group.ehrCount < k));
  if (hidden.size === 0) return hidden;
  const visible = groups
    .filter((group) => !hidden.has(group))
    .sort((a, b) => a.ehrCount - b.ehrCount || a.valueCount - b.valueCount || String(a.key).localeCompare(String(b.key)));
  let ehrs = [...hidden].reduce((sum, group) => sum + group.ehrCount, 0);
  for (const next of visible) {
    if (ehrs >= k) break;
    hidden.add(next);
    ehrs += next.ehrCount;
  }
  return hidden;
}

/** The typed result from the statement's rows, suppressed as the caller's policy says. */
export function cohortResult(rows: readonly CohortRow[], limits: ResearchLimits): CohortResult {
  const total = rows.find((row) => row.total);
  if (!total) throw new Error('cohort statement returned no total');
  const groups = rows.filter((row) => !row.total).sort((a, b) => (String(a.key) < String(b.key) ? -1 : 1));
  if (!limits.suppressed) {
    return {
      groups: groups.map((row) => ({ key: String(row.key), cell: cellOf(row) })),
      total: cellOf(total),
      minimumCellSize: null,
      suppressionApplied: false,
    };
  }
  const k = limits.minimumCellSize;
  const hidden = suppressedGroups(groups, k);
  return {
    groups: groups.map((row) => ({ key: String(row.key), cell: hidden.has(row) ? HIDDEN : cellOf(row) })),
    total: total.ehrCount < k ? HIDDEN : cellOf(total),
    minimumCellSize: k,
    suppressionApplied: true,
  };
}
