import { randomUUID } from 'node:crypto';
import type { CallerAbility } from '../../kit/authz/types.ts';
import type { Queryable } from '../../kit/db/db.ts';
import { SqlParams } from '../../kit/db/sql.ts';
import type { CanonicalObject, CompositionSummary } from '../canonical/index.ts';
import { numericValuesOf, replaceNumericValues } from './numeric-value-store.ts';
import { COMPOSITION_COLUMNS, type ChangeType, type CompositionRow, type LifecycleState } from './rows.ts';
import { uncached, versionCacheOf, versionWritten } from './version-cache.ts';

export interface NewVersion {
  objectId: string;
  version: number;
  uid: string;
  ehrId: string;
  ehrOrg: string;
  /** Organisation committing this version. */
  org: string;
  changeType: ChangeType;
  lifecycleState: LifecycleState;
  committer: string;
  canonical: CanonicalObject;
  summary: CompositionSummary;
}

/** Writes a contribution, the version row, its extracted entries and numeric values. Call inside a transaction. */
export async function insertVersion(tx: Queryable, next: NewVersion): Promise<CompositionRow> {
  const committedAt = new Date();
  const contributionId = randomUUID();
  await tx.query(
    `INSERT INTO contributions (id, ehr_id, change_type, committer, org, committed_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [contributionId, next.ehrId, next.changeType, next.committer, next.org, committedAt],
  );
  const { summary } = next;
  const inserted = await tx.query<CompositionRow>(
    `INSERT INTO composition_versions (object_id, version, uid, ehr_id, ehr_org, org, contribution_id, template_id,
       archetype_node_id, name, language, territory, category, start_time, committed_at, change_type, lifecycle_state,
       is_latest, canonical)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, true, $18::json)
     RETURNING ${COMPOSITION_COLUMNS}`,
    [
      next.objectId, next.version, next.uid, next.ehrId, next.ehrOrg, next.org, contributionId, summary.templateId,
      summary.archetypeNodeId, summary.name, summary.language, summary.territory, summary.category, summary.startTime,
      committedAt, next.changeType, next.lifecycleState, JSON.stringify(next.canonical),
    ],
  );
  if (next.lifecycleState !== 'DELETED' && summary.entries.length > 0) {
    const entries = summary.entries.map((entry) => ({
      position: entry.position,
      path: entry.path,
      rm_type: entry.rmType,
      archetype_node_id: entry.archetypeNodeId,
      name: entry.name,
      codes: entry.codes,
      data: entry.canonical,
    }));
    await tx.query(
      `INSERT INTO entries (object_id, version, position, ehr_id, ehr_org, template_id, path, rm_type, archetype_node_id,
         name, codes, data)
       SELECT $1, $2, e.position, $3, $4, $5, e.path, e.rm_type, e.archetype_node_id, e.name,
              ARRAY(SELECT jsonb_array_elements_text(e.codes)), e.data
       FROM jsonb_to_recordset($6::jsonb)
         AS e(position integer, path text, rm_type text, archetype_node_id text, name text, codes jsonb, data jsonb)`,
      [next.objectId, next.version, next.ehrId, next.ehrOrg, summary.templateId, JSON.stringify(entries)],
    );
  }
  const values = next.lifecycleState === 'DELETED' ? [] : numericValuesOf(summary.entries);
  await replaceNumericValues(tx, next.objectId, next.version, values);
  versionWritten(tx, inserted.rows[0] as CompositionRow);
  return inserted.rows[0] as CompositionRow;
}

/**
 * Marks version `version` of `objectId` as no longer the latest, if it is the latest now. Row
 * locking makes exactly one of many concurrent writers from the same version win.
 */
export async function supersedeLatest(tx: Queryable, objectId: string, version: number): Promise<CompositionRow | null> {
  const result = await tx.query<CompositionRow>(
    `UPDATE composition_versions SET is_latest = false
     WHERE object_id = $1 AND version = $2 AND is_latest
     RETURNING ${COMPOSITION_COLUMNS}`,
    [objectId, version],
  );
  return result.rows[0] ?? null;
}

/** Through the version cache when `db` has one (never inside a transaction). */
export async function latestVersion(db: Queryable, objectId: string): Promise<CompositionRow | null> {
  const cache = versionCacheOf(db);
  if (cache) return cache.latest(objectId, () => latestVersion(uncached(db), objectId));
  const result = await db.query<CompositionRow>(
    `SELECT ${COMPOSITION_COLUMNS} FROM composition_versions WHERE object_id = $1 AND is_latest`,
    [objectId],
  );
  return result.rows[0] ?? null;
}

/** Through the version cache when `db` has one (never inside a transaction). */
export async function versionOf(db: Queryable, objectId: string, version: number): Promise<CompositionRow | null> {
  const cache = versionCacheOf(db);
  if (cache) return cache.version(objectId, version, () => versionOf(uncached(db), objectId, version));
  const result = await db.query<CompositionRow>(
    `SELECT ${COMPOSITION_COLUMNS} FROM composition_versions WHERE object_id = $1 AND version = $2`,
    [objectId, version],
  );
  return result.rows[0] ?? null;
}

export async function allVersions(db: Queryable, objectId: string): Promise<CompositionRow[]> {
  const result = await db.query<CompositionRow>(
    `SELECT ${COMPOSITION_COLUMNS} FROM composition_versions WHERE object_id = $1 ORDER BY version`,
    [objectId],
  );
  return result.rows;
}

export interface PageRequest {
  ehrId: string;
  templateId: string | null;
  first: number;
  after: { committedAt: Date; objectId: string } | null;
}

/** composition_versions columns of the attributes policy rules may use. */
export const COMPOSITION_RULE_COLUMNS = {
  ehrId: 'ehr_id',
  ehrOrg: 'ehr_org',
  org: 'org',
  templateId: 'template_id',
  archetypeNodeId: 'archetype_node_id',
  lifecycleState: 'lifecycle_state',
} as const;

/**
 * Latest live versions of an EHR's compositions that the caller may read (their read rules inside
 * the SQL), newest commit first; one extra row tells whether more follow.
 */
export async function livePage(db: Queryable, page: PageRequest, ability: CallerAbility): Promise<CompositionRow[]> {
  const params = new SqlParams([page.ehrId, page.templateId, page.after?.committedAt ?? null, page.after?.objectId ?? null, page.first + 1]);
  const readable = ability.sqlFilter('read', 'Composition', COMPOSITION_RULE_COLUMNS, params);
  const result = await db.query<CompositionRow>(
    `SELECT ${COMPOSITION_COLUMNS} FROM composition_versions
     WHERE ehr_id = $1 AND is_latest AND lifecycle_state <> 'DELETED'
       AND ($2::text IS NULL OR template_id = $2)
       AND ($3::timestamptz IS NULL OR (committed_at, object_id) < ($3::timestamptz, $4::uuid))
       AND (${readable})
     ORDER BY committed_at DESC, object_id DESC
     LIMIT $5`,
    params.values,
  );
  return result.rows;
}
