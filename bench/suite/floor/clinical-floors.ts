import type pg from 'pg';
import { summarizeComposition, type CanonicalObject } from '../../../subgraphs/clinical/canonical/index.ts';
import { COMPOSITION_COLUMNS, EHR_COLUMNS } from '../../../subgraphs/clinical/store/columns.ts';

/** Scenario 1's answer for one EHR: `ehr(id:) { id compositions(first: 5) { edges { node { uid name committedAt entries { path rmType name codes } } } } }`. */
export interface EhrHistory {
  id: string;
  compositions: { edges: { node: ListedComposition }[] };
}

export interface ListedComposition {
  uid: string;
  name: string;
  committedAt: string;
  entries: ListedEntry[];
}

export interface ListedEntry {
  path: string;
  rmType: string;
  name: string;
  codes: string[];
}

const PAGE_SIZE = 5;

/**
 * Floor A: the statements the clinical subgraph runs for scenario 1 today (EHRs by id, then every
 * EHR's page of latest live versions with their whole canonical document, one LATERAL statement),
 * with no read rules, and the entries summarised from each document as the subgraph does.
 */
export async function floorA(pool: pg.Pool, ehrIds: string[]): Promise<EhrHistory[]> {
  const ehrs = await pool.query<{ id: string }>(`SELECT ${EHR_COLUMNS} FROM ehrs WHERE id = ANY($1::uuid[])`, [ehrIds]);
  const keys = ehrs.rows.map((ehr, i) => ({ i, ehr: ehr.id, template: null, after_at: null, after_id: null, size: PAGE_SIZE + 1 }));
  const pages = await pool.query<{ keyIndex: number; uid: string; name: string; committedAt: Date; canonical: CanonicalObject }>(
    `SELECT k.i AS "keyIndex", page.* FROM jsonb_to_recordset($1::jsonb)
       AS k(i int, ehr uuid, template text, after_at timestamptz, after_id uuid, size int)
     CROSS JOIN LATERAL (
       SELECT ${COMPOSITION_COLUMNS} FROM composition_versions c
       WHERE c.ehr_id = k.ehr AND c.is_latest AND c.lifecycle_state <> 'DELETED'
         AND (k.template IS NULL OR c.template_id = k.template)
         AND (k.after_at IS NULL OR (c.committed_at, c.object_id) < (k.after_at, k.after_id))
       ORDER BY c.committed_at DESC, c.object_id DESC
       LIMIT k.size
     ) page
     ORDER BY k.i, page."committedAt" DESC, page."objectId" DESC`,
    [JSON.stringify(keys)],
  );
  const histories = ehrs.rows.map((ehr): EhrHistory => ({ id: ehr.id, compositions: { edges: [] } }));
  for (const row of pages.rows) {
    const edges = histories[row.keyIndex]?.compositions.edges;
    if (!edges || edges.length === PAGE_SIZE) continue;
    const entries = summarizeComposition(row.canonical).entries.map(({ path, rmType, name, codes }) => ({ path, rmType, name, codes }));
    edges.push({ node: { uid: row.uid, name: row.name, committedAt: row.committedAt.toISOString(), entries } });
  }
  return histories;
}

interface EntryRow {
  ehrId: string;
  uid: string;
  name: string;
  committedAt: Date;
  path: string | null;
  rmType: string | null;
  entryName: string | null;
  codes: string[] | null;
}

/**
 * Floor B: only what the answer needs, in one statement: each EHR's 5 latest live versions (no
 * canonical document) joined with their extracted entry rows, in page and document order.
 */
export async function floorB(pool: pg.Pool, ehrIds: string[]): Promise<EhrHistory[]> {
  const result = await pool.query<EntryRow>(
    `SELECT e.id AS "ehrId", c.uid, c.name, c.committed_at AS "committedAt",
            n.path, n.rm_type AS "rmType", n.name AS "entryName", n.codes
     FROM ehrs e
     CROSS JOIN LATERAL (
       SELECT object_id, version, uid, name, committed_at FROM composition_versions
       WHERE ehr_id = e.id AND is_latest AND lifecycle_state <> 'DELETED'
       ORDER BY committed_at DESC, object_id DESC LIMIT $2
     ) c
     LEFT JOIN entries n ON n.object_id = c.object_id AND n.version = c.version
     WHERE e.id = ANY($1::uuid[])
     ORDER BY e.id, c.committed_at DESC, c.object_id DESC, n.position`,
    [ehrIds, PAGE_SIZE],
  );
  const byEhr = new Map(ehrIds.map((id): [string, EhrHistory] => [id, { id, compositions: { edges: [] } }]));
  let last: ListedComposition | undefined;
  for (const row of result.rows) {
    if (last?.uid !== row.uid) {
      last = { uid: row.uid, name: row.name, committedAt: row.committedAt.toISOString(), entries: [] };
      byEhr.get(row.ehrId)?.compositions.edges.push({ node: last });
    }
    if (row.path !== null) last.entries.push({ path: row.path, rmType: row.rmType ?? '', name: row.entryName ?? '', codes: row.codes ?? [] });
  }
  return [...byEhr.values()];
}
