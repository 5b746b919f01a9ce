import type { Disclosure } from '../disclosure/noise.ts';
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

/**
 * A reported cell: exact, or with sticky noise for callers under disclosure control. A cell's
 * numbers are a function of its rows alone, so the canonical form of the question is the statistic
 * and the fingerprint of those rows: the same rows get the same noise however the query that
 * selected them is phrased (window, range, grouping), and other rows get other noise.
 */
function cellOf(row: CohortRow, disclosure: Disclosure): Cell {
  const [p25 = null, median = null, p75 = null, p95 = null] = row.percentiles ?? [];
  const spread = { stddev: row.stddev ?? 0, ehrCount: row.ehrCount };
  const rows = ['cohort', row.rowPrint ?? ''];
  const percentile = (value: number | null, name: string) => disclosure.percentile(value, spread, [name, ...rows]);
  return {
    suppressed: false,
    ehrCount: disclosure.count(row.ehrCount, ['ehrs', row.ehrPrint ?? '']),
    valueCount: disclosure.count(row.valueCount, ['values', ...rows]),
    min: disclosure.extreme(row.min, spread, ['min', ...rows]),
    max: disclosure.extreme(row.max, spread, ['max', ...rows]),
    mean: disclosure.central(row.mean, spread, ['mean', ...rows]),
    p25: percentile(p25, 'p25'),
    median: percentile(median, 'median'),
    p75: percentile(p75, 'p75'),
    p95: percentile(p95, 'p95'),
  };
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

/** The typed result from the statement's rows, suppressed and noised as the caller's policy says. */
export function cohortResult(rows: readonly CohortRow[], disclosure: Disclosure): CohortResult {
  const limits = disclosure.limits;
  const total = rows.find((row) => row.total);
  if (!total) throw new Error('cohort statement returned no total');
  const groups = rows.filter((row) => !row.total).sort((a, b) => (String(a.key) < String(b.key) ? -1 : 1));
  if (!limits.suppressed) {
    return {
      groups: groups.map((row) => ({ key: String(row.key), cell: cellOf(row, disclosure) })),
      total: cellOf(total, disclosure),
      minimumCellSize: null,
      suppressionApplied: false,
    };
  }
  const k = limits.minimumCellSize;
  const hidden = suppressedGroups(groups, k);
  return {
    groups: groups.map((row) => ({ key: String(row.key), cell: hidden.has(row) ? HIDDEN : cellOf(row, disclosure) })),
    total: total.ehrCount < k ? HIDDEN : cellOf(total, disclosure),
    minimumCellSize: k,
    suppressionApplied: true,
  };
}
