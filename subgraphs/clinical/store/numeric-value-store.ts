import type { Queryable } from '../../kit/db/db.ts';
import type { EntrySummary } from '../canonical/index.ts';

/** One numeric ELEMENT value of an entry: its path inside the entry (ending in `/value`) and number. */
export interface NumericValue {
  position: number;
  path: string;
  value: number;
}

// Migration 007's backfill applies the same rules in SQL; test/cohort/numeric-values.test.ts keeps them equal.
// Far below float8's limit: PostgreSQL's avg() also sums squares, which must not overflow.
const LARGEST = 1e150;
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
  const found = `jsonb_to_recordset($3::jsonb) AS v(position integer, path text, value float8)
     JOIN entries n ON n.object_id = $1 AND n.version = $2 AND n.position = v.position`;
  const params = [objectId, version, JSON.stringify(values)];
  // A separate statement, so that the next one sees an element another commit added meanwhile;
  // only paths not seen before take a number from the sequence.
  await tx.query(
    `INSERT INTO numeric_elements (archetype_node_id, element_path)
     SELECT DISTINCT n.archetype_node_id, v.path FROM ${found}
     WHERE NOT EXISTS (SELECT 1 FROM numeric_elements e WHERE e.archetype_node_id = n.archetype_node_id AND e.element_path = v.path)
     ON CONFLICT DO NOTHING`,
    params,
  );
  await tx.query(
    `INSERT INTO numeric_values (object_id, version, position, element_id, value, at, ehr_id, ehr_org, template_id,
       rm_type, codes, composition_org, lifecycle_state)
     SELECT n.object_id, n.version, n.position, e.id, v.value, COALESCE(c.start_time, c.committed_at), n.ehr_id,
       n.ehr_org, n.template_id, n.rm_type, n.codes, c.org, c.lifecycle_state
     FROM ${found}
     JOIN numeric_elements e ON e.archetype_node_id = n.archetype_node_id AND e.element_path = v.path
     JOIN composition_versions c ON c.object_id = n.object_id AND c.version = n.version`,
    params,
  );
}

/** A (archetype, element path) of the dictionary `numeric_elements`: structure only, no values. */
export interface NumericElement {
  archetypeId: string;
  elementPath: string;
}
