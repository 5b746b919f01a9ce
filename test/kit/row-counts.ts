import type { Queryable } from '../../subgraphs/kit/db/db.ts';

export const CLINICAL_TABLES = ['ehrs', 'contributions', 'composition_versions', 'entries', 'numeric_values'] as const;
export const DEMOGRAPHIC_TABLES = ['patients', 'patient_identifiers', 'patient_ehr_links'] as const;

/** Row count of each table, to prove that a refused write stored nothing. */
export async function rowCounts(db: Queryable, tables: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const result = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    counts[table] = result.rows[0]?.n ?? -1;
  }
  return counts;
}
