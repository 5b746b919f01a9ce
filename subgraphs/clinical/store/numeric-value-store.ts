import type { Queryable } from '../../common/db.ts';
import type { EntrySummary } from '../canonical/index.ts';

/** One numeric ELEMENT value of an entry: its path inside the entry (ending in `/value`) and number. */
export interface NumericValue {
  position: number;
  path: string;
  value: number;
}

// Migration 007's backfill applies the same rules in SQL; test/cohort/numeric-values.test.ts keeps them equal.
const LARGEST = 1e308;
const SMALLEST = 1e-307;

/** A float8 both JavaScript and PostgreSQL hold the same way: out of range → none, underflow → 0. */
function storable(x: unknown): number | null {
  if (typeof x !== 'number' || !Number.isFinite(x) || Math.abs(x) >= LARGEST) return null;
  return Math.abs(x) < SMALLEST ? 0 : x;
}

/** DV_QUANTITY and DV_COUNT give their magnitude, DV_PROPORTION numerator / denominator (not 0). */
function numberOf(value: Record<string, unknown> | null): number | null {
  if (value?._type === 'DV_QUANTITY' || value?._type === 'DV_COUNT') return storable(value.magnitude);
  if (value?._type !== 'DV_PROPORTION') return null;
  const numerator = storable(value.numerator);
  const denominator = storable(value.denominator);
  return numerator === null || !denominator ? null : storable(numerator / denominator);
}

/** The numeric ELEMENT values of the entries, each with its path inside its entry. */
export function numericValuesOf(entries: EntrySummary[]): NumericValue[] {
  return entries.flatMap((entry) =>
    entry.elements.flatMap((element) => {
      const value = numberOf(element.value);
      return value === null ? [] : [{ position: entry.position, path: `${element.path.slice(entry.path.length)}/value`, value }];
    }),
  );
}

/**
 * Makes `numeric_values` (migration 007) describe version `version` of `objectId`: the rows of the
 * version it supersedes go, its own values come in with the rule columns of their entry,
 * composition and EHR. Call inside the commit's transaction, after its entries are stored.
 */
export async function replaceNumericValues(tx: Queryable, objectId: string, version: number, values: NumericValue[]): Promise<void> {
  if (version > 1) await tx.query('DELETE FROM numeric_values WHERE object_id = $1', [objectId]);
  if (values.length === 0) return;
  await tx.query(
    `INSERT INTO numeric_values (object_id, version, position, element_path, value, at, ehr_id, ehr_org, template_id,
       rm_type, archetype_node_id, codes, composition_org, composition_archetype_node_id, lifecycle_state)
     SELECT n.object_id, n.version, n.position, v.path, v.value, COALESCE(c.start_time, c.committed_at), n.ehr_id,
       n.ehr_org, n.template_id, n.rm_type, n.archetype_node_id, n.codes, c.org, c.archetype_node_id, c.lifecycle_state
     FROM jsonb_to_recordset($3::jsonb) AS v(position integer, path text, value float8)
     JOIN entries n ON n.object_id = $1 AND n.version = $2 AND n.position = v.position
     JOIN composition_versions c ON c.object_id = n.object_id AND c.version = n.version`,
    [objectId, version, JSON.stringify(values)],
  );
}
