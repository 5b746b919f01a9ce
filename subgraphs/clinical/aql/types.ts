import type { SqlParams } from '../../kit/db/sql.ts';

/**
 * What the caller's rules allow, as SQL. Each condition uses the columns of the given table alias:
 * ehrs (id, org, subject_namespace), composition_versions (ehr_id, ehr_org, org, template_id,
 * archetype_node_id, lifecycle_state), entries (ehr_id, ehr_org, template_id, rm_type,
 * archetype_node_id, codes); its values go into `params`, the statement's parameters.
 */
export interface AqlAccess {
  ehr(alias: string, params: SqlParams): string;
  composition(alias: string, params: SqlParams): string;
  entry(alias: string, params: SqlParams): string;
  /**
   * Paths the caller may not select or filter on (e.g. `ehr_status/subject`, `composer`), given the
   * FROM class (`EHR`, `COMPOSITION`, `OBSERVATION`, …) and the path below the variable without
   * predicates (`''` for the whole object). Return a reason to refuse, or null. Every prefix of a
   * used path is asked, and selected objects lose the identifying attributes refused here.
   */
  refusePath(variableType: string, path: string): string | null;
}

export interface CompileOptions {
  parameters: Record<string, unknown>;
  access: AqlAccess;
  /** API-level paging within the query's own LIMIT/OFFSET. */
  offset?: number;
  fetch?: number;
  /** Hard cap on returned rows. */
  maxRows: number;
  /** Refuse a query with a selected column that is not an aggregate (aggregate-only callers). */
  aggregatesOnly?: boolean;
  /** Add the hidden columns of `DisclosureLayout` to a query whose columns are all aggregates. */
  disclosure?: boolean;
  /**
   * Carry the EHRs behind the answer in a hidden column (`CompiledAql.contributors`): their ids, or
   * for `count` only their number where one row gives it exactly (ids are counted otherwise).
   */
  contributors?: ContributorsMode;
}

export type ContributorsMode = 'ids' | 'count';

/** Where the hidden column of contributing EHRs is, and what it holds: one id, ids (arrays, maybe nested) or a count per row. */
export interface ContributorsLayout {
  column: number;
  holds: 'id' | 'ids' | 'count';
}

/** Where the hidden disclosure columns are in a result row (after the selected ones). */
export interface DisclosureLayout {
  /** Distinct EHRs of the rows aggregated. */
  ehrCount: number;
  /** Per selected column: its function and the columns of its rows' fingerprint, spread and numeric count. */
  aggregates: { fn: string; rowPrint: number; stddev: number; values: number }[];
}

export interface CompiledAql {
  sql: string;
  params: unknown[];
  /** In SELECT order: the alias (or `#i`) and the expression as written (normalised). */
  columns: { name: string; path: string }[];
  /** Whether a LIMIT/TOP or the maxRows cap bounds the result. */
  limited: boolean;
  /** Hidden columns after `columns` (with `disclosure` and aggregates only), else null. */
  disclosure: DisclosureLayout | null;
  /** The hidden column of contributing EHRs (with `contributors`), else null. */
  contributors: ContributorsLayout | null;
  /** Columns of a result row, every hidden one included. */
  width: number;
  /** Joins of the statement: one per FROM class and one per path read out of a document. */
  joins: number;
}
