import type { Queryable } from '../../common/db.ts';

const COLUMNS = `object_id, version, position, element_path, value, at, ehr_id, ehr_org, template_id, rm_type,
  archetype_node_id, codes, composition_org, composition_archetype_node_id, lifecycle_state`;

/**
 * Makes `numeric_values` describe version `version` of `objectId` (migration 007): the rows of
 * the version it supersedes go, its own numeric element values come in (none for a deletion).
 * Call inside the commit's transaction, after its entries are stored.
 */
export async function replaceNumericValues(tx: Queryable, objectId: string, version: number): Promise<void> {
  if (version > 1) await tx.query('DELETE FROM numeric_values WHERE object_id = $1', [objectId]);
  await tx.query(
    `INSERT INTO numeric_values (${COLUMNS})
     SELECT ${COLUMNS} FROM numeric_values_source WHERE object_id = $1 AND version = $2`,
    [objectId, version],
  );
}
