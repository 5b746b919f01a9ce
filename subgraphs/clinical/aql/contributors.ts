// The EHRs that contributed to an answer, for the audit trail: one hidden column after the others,
// read off the rows by `contributingEhrs` and never returned to the caller.
import type { Binding } from './scope.ts';
import type { Output } from './select.ts';
import type { ContributorsLayout, ContributorsMode, DisclosureLayout } from './types.ts';

export interface StatementShape {
  grouped: boolean;
  /** Whether the aggregates are per group (a GROUP BY over the non-aggregate columns). */
  groupBy: boolean;
  distinct: boolean;
}

/**
 * The hidden output that names (or counts) the EHRs behind each row, or none when the disclosure
 * columns count them already. A count is only exact for one row, so it is used for a single
 * aggregate row; per-group and DISTINCT rows carry the ids, which are counted after the query.
 */
export function contributorOutput(
  mode: ContributorsMode,
  ehr: Binding,
  shape: StatementShape,
  disclosure: DisclosureLayout | null,
  column: number,
): { output: Output | null; layout: ContributorsLayout } {
  if (mode === 'count' && disclosure && !shape.distinct) return { output: null, layout: { column: disclosure.ehrCount, holds: 'count' } };
  // uuids, not text: DISTINCT on them sorts without a collation
  const id = `${ehr.alias}.id`;
  const hidden = (sql: string, aggregate: boolean): Output => ({ sql, type: 'jsonb', aggregate, name: '#contributors', path: '', alias: null });
  if (!shape.grouped) return { output: hidden(id, false), layout: { column, holds: shape.distinct ? 'ids' : 'id' } };
  if (mode === 'count' && !shape.groupBy && !shape.distinct) {
    return { output: hidden(`to_jsonb(count(DISTINCT ${id}))`, true), layout: { column, holds: 'count' } };
  }
  return { output: hidden(`to_jsonb(array_agg(DISTINCT ${id})::text[])`, true), layout: { column, holds: 'ids' } };
}

/** DISTINCT with a contributor column: the outer query groups the inner rows and gathers their EHRs. */
export const mergedContributors = (shape: StatementShape, column: number): string =>
  shape.grouped ? `jsonb_agg(q.c${column})` : `to_jsonb(array_agg(DISTINCT q.c${column})::text[])`;

/** The distinct EHR ids behind `rows` (ids layouts), or their number (count layouts). */
export function contributingEhrs(rows: readonly (readonly unknown[])[], layout: ContributorsLayout): { ids: string[] | null; count: number } {
  if (layout.holds === 'count') return { ids: null, count: rows.reduce<number>((sum, row) => sum + Number(row[layout.column] ?? 0), 0) };
  const ids = new Set<string>();
  const collect = (value: unknown): void => {
    if (typeof value === 'string') ids.add(value);
    else if (Array.isArray(value)) value.forEach(collect);
  };
  for (const row of rows) collect(row[layout.column]);
  return { ids: [...ids], count: ids.size };
}
