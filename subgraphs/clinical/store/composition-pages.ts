import type { CallerAbility } from '../../kit/authz/types.ts';
import type { Queryable } from '../../kit/db/db.ts';
import { SqlParams } from '../../kit/db/sql.ts';
import type { CompositionRow } from '../model/rows.ts';
import { COMPOSITION_COLUMNS, COMPOSITION_RULE_COLUMNS } from './columns.ts';

/** A version as a page names it (`VERSION_KEY_COLUMNS`): enough to find its row in the version cache. */
export type VersionKey = Pick<CompositionRow, 'uid' | 'objectId' | 'version' | 'committedAt'>;

/** Where a page of an EHR's compositions starts: after this keyset cursor (newest commit first). */
export interface PageCursor {
  committedAt: Date;
  objectId: string;
}

export interface PageRequest {
  ehrId: string;
  templateId: string | null;
  first: number;
  after: PageCursor | null;
}

/** Pages admit what the caller's emergency accesses allow too: ClinicalAccess audits each such row with its access. */
const EMERGENCY_TOO = { emergency: true } as const;

/** One EHR's page of compositions: latest live versions, newest commit first, after a keyset cursor. */
export interface PageKey {
  ehrId: string;
  templateId: string | null;
  /** Rows to fetch (the page size plus one, which tells whether more follow). */
  limit: number;
  after: PageCursor | null;
}

/**
 * Latest live versions of an EHR's compositions that the caller may read (their read rules inside
 * the SQL), newest commit first; one extra row tells whether more follow.
 */
export async function livePage<Row extends VersionKey = CompositionRow>(
  db: Queryable,
  page: PageRequest,
  ability: CallerAbility,
  columns = COMPOSITION_COLUMNS,
): Promise<Row[]> {
  const params = new SqlParams([page.ehrId, page.templateId, page.after?.committedAt ?? null, page.after?.objectId ?? null, page.first + 1]);
  const readable = ability.sqlFilter('read', 'Composition', COMPOSITION_RULE_COLUMNS, params, EMERGENCY_TOO);
  const result = await db.query<Row>(
    `SELECT ${columns} FROM composition_versions
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

/**
 * Many EHRs' pages in one statement: each key's page is the same keyset query as a single page
 * (`composition_versions_live_by_ehr` serves each), joined LATERAL over the keys, with the caller's
 * read rules inside. Returns one list of rows per key, in key order.
 */
export async function livePages<Row extends VersionKey = CompositionRow>(
  db: Queryable,
  keys: readonly PageKey[],
  ability: CallerAbility,
  columns = COMPOSITION_COLUMNS,
): Promise<Row[][]> {
  const rows = keys.map((key, i) => ({
    i,
    ehr: key.ehrId,
    template: key.templateId,
    after_at: key.after?.committedAt.toISOString() ?? null,
    after_id: key.after?.objectId ?? null,
    size: key.limit,
  }));
  const params = new SqlParams([JSON.stringify(rows)]);
  const readable = ability.sqlFilter('read', 'Composition', COMPOSITION_RULE_COLUMNS, params, EMERGENCY_TOO);
  const result = await db.query<Row & { keyIndex: number }>(
    `SELECT k.i AS "keyIndex", page.* FROM jsonb_to_recordset($1::jsonb)
       AS k(i int, ehr uuid, template text, after_at timestamptz, after_id uuid, size int)
     CROSS JOIN LATERAL (
       SELECT ${columns} FROM composition_versions c
       WHERE c.ehr_id = k.ehr AND c.is_latest AND c.lifecycle_state <> 'DELETED'
         AND (k.template IS NULL OR c.template_id = k.template)
         AND (k.after_at IS NULL OR (c.committed_at, c.object_id) < (k.after_at, k.after_id))
         AND (${readable})
       ORDER BY c.committed_at DESC, c.object_id DESC
       LIMIT k.size
     ) page
     ORDER BY k.i, page."committedAt" DESC, page."objectId" DESC`,
    params.values,
  );
  const pages = keys.map((): Row[] => []);
  for (const { keyIndex, ...row } of result.rows) pages[keyIndex]?.push(row as unknown as Row);
  return pages;
}
