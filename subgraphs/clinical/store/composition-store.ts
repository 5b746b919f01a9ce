import { randomUUID } from 'node:crypto';
import type { CallerAbility } from '../../kit/authz/types.ts';
import type { Queryable } from '../../kit/db/db.ts';
import type { CanonicalObject, CompositionSummary } from '../canonical/index.ts';
import type { ChangeType, CompositionRow, LifecycleState } from '../model/rows.ts';
import { COMPOSITION_COLUMNS, VERSION_KEY_COLUMNS } from './columns.ts';
import { livePage, livePages, type PageKey, type PageRequest, type VersionKey } from './composition-pages.ts';
import { numericValuesOf, replaceNumericValues } from './numeric-value-store.ts';
import type { VersionCache } from './version-cache.ts';

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

/** How a composition store meets the version cache. */
export interface VersionCaching {
  /** Single versions are read through it; null inside a transaction, whose reads go to the database. */
  reads: VersionCache | null;
  /** Hears every version written (to announce it to the cache, at once or once its transaction committed). */
  written(row: CompositionRow): Promise<void>;
}

/** Composition versions with their contributions, extracted entries and numeric values. */
export class CompositionStore {
  constructor(
    private readonly db: Queryable,
    private readonly versions: VersionCaching,
  ) {}

  /** Writes a contribution, the version row, its extracted entries and numeric values. Call inside a transaction. */
  async insert(next: NewVersion): Promise<CompositionRow> {
    const committedAt = new Date();
    const contributionId = randomUUID();
    await this.db.query(`INSERT INTO contributions (id, ehr_id, change_type, committer, org, committed_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      contributionId,
      next.ehrId,
      next.changeType,
      next.committer,
      next.org,
      committedAt,
    ]);
    const { summary } = next;
    const inserted = await this.db.query<CompositionRow>(
      `INSERT INTO composition_versions (object_id, version, uid, ehr_id, ehr_org, org, contribution_id, template_id,
         archetype_node_id, name, language, territory, category, start_time, committed_at, change_type, lifecycle_state,
         is_latest, canonical)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, true, $18::json)
       RETURNING ${COMPOSITION_COLUMNS}`,
      [
        next.objectId,
        next.version,
        next.uid,
        next.ehrId,
        next.ehrOrg,
        next.org,
        contributionId,
        summary.templateId,
        summary.archetypeNodeId,
        summary.name,
        summary.language,
        summary.territory,
        summary.category,
        summary.startTime,
        committedAt,
        next.changeType,
        next.lifecycleState,
        JSON.stringify(next.canonical),
      ],
    );
    const live = next.lifecycleState !== 'DELETED';
    if (live && summary.entries.length > 0) await this.insertEntries(next);
    await replaceNumericValues(this.db, next.objectId, next.version, live ? numericValuesOf(summary.entries) : []);
    const row = inserted.rows[0] as CompositionRow;
    await this.versions.written(row);
    return row;
  }

  private async insertEntries({ objectId, version, ehrId, ehrOrg, summary }: NewVersion): Promise<void> {
    const entries = summary.entries.map((entry) => ({
      position: entry.position,
      path: entry.path,
      rm_type: entry.rmType,
      archetype_node_id: entry.archetypeNodeId,
      name: entry.name,
      codes: entry.codes,
      data: entry.canonical,
    }));
    await this.db.query(
      `INSERT INTO entries (object_id, version, position, ehr_id, ehr_org, template_id, path, rm_type, archetype_node_id,
         name, codes, data)
       SELECT $1, $2, e.position, $3, $4, $5, e.path, e.rm_type, e.archetype_node_id, e.name,
              ARRAY(SELECT jsonb_array_elements_text(e.codes)), e.data
       FROM jsonb_to_recordset($6::jsonb)
         AS e(position integer, path text, rm_type text, archetype_node_id text, name text, codes jsonb, data jsonb)`,
      [objectId, version, ehrId, ehrOrg, summary.templateId, JSON.stringify(entries)],
    );
  }

  /**
   * Marks version `version` of `objectId` as no longer the latest, if it is the latest now. Row
   * locking makes exactly one of many concurrent writers from the same version win.
   */
  async supersedeLatest(objectId: string, version: number): Promise<CompositionRow | null> {
    const result = await this.db.query<CompositionRow>(
      `UPDATE composition_versions SET is_latest = false
       WHERE object_id = $1 AND version = $2 AND is_latest
       RETURNING ${COMPOSITION_COLUMNS}`,
      [objectId, version],
    );
    return result.rows[0] ?? null;
  }

  /** Through the version cache, outside a transaction. */
  /** Latest versions with their EHR's subject id, oldest first, for the identity report (a bounded scan). */
  async latestWithSubjects(limit: number): Promise<{ uid: string; ehrId: string; subjectId: string; canonical: CanonicalObject }[]> {
    const result = await this.db.query<{ uid: string; ehrId: string; subjectId: string; canonical: CanonicalObject }>(
      `SELECT c.uid, c.ehr_id AS "ehrId", e.subject_id AS "subjectId", c.canonical
       FROM composition_versions c JOIN ehrs e ON e.id = c.ehr_id
       WHERE c.is_latest ORDER BY c.committed_at, c.object_id LIMIT $1`,
      [limit],
    );
    return result.rows;
  }

  async latest(objectId: string): Promise<CompositionRow | null> {
    const load = async () => {
      const result = await this.db.query<CompositionRow>(`SELECT ${COMPOSITION_COLUMNS} FROM composition_versions WHERE object_id = $1 AND is_latest`, [
        objectId,
      ]);
      return result.rows[0] ?? null;
    };
    return this.versions.reads ? this.versions.reads.latest(objectId, load) : load();
  }

  /** Through the version cache, outside a transaction. */
  async version(objectId: string, version: number): Promise<CompositionRow | null> {
    const load = async () => {
      const result = await this.db.query<CompositionRow>(`SELECT ${COMPOSITION_COLUMNS} FROM composition_versions WHERE object_id = $1 AND version = $2`, [
        objectId,
        version,
      ]);
      return result.rows[0] ?? null;
    };
    return this.versions.reads ? this.versions.reads.version(objectId, version, load) : load();
  }

  /** Versions of one composition after `afterVersion`, oldest first, at most `limit`. */
  async history(objectId: string, afterVersion: number, limit: number): Promise<CompositionRow[]> {
    const result = await this.db.query<CompositionRow>(
      `SELECT ${COMPOSITION_COLUMNS} FROM composition_versions WHERE object_id = $1 AND version > $2 ORDER BY version LIMIT $3`,
      [objectId, afterVersion, limit],
    );
    return result.rows;
  }

  /** One EHR's page of latest live versions the caller may read (see composition-pages.ts). */
  async livePage(page: PageRequest, ability: CallerAbility): Promise<CompositionRow[]> {
    const cache = this.versions.reads;
    if (!cache) return livePage(this.db, page, ability);
    const [rows] = await this.throughCache(cache, [await livePage<VersionKey>(this.db, page, ability, VERSION_KEY_COLUMNS)]);
    return rows ?? [];
  }

  /** Many EHRs' pages in one statement (see composition-pages.ts). */
  async livePages(keys: readonly PageKey[], ability: CallerAbility): Promise<CompositionRow[][]> {
    const cache = this.versions.reads;
    if (!cache) return livePages(this.db, keys, ability);
    return this.throughCache(cache, await livePages<VersionKey>(this.db, keys, ability, VERSION_KEY_COLUMNS));
  }

  /**
   * Outside a transaction a page's statement names its versions only (the read rules decide there
   * which), and their rows come through the version cache: a warm page does not read or parse any
   * document, and the versions missing from the cache are read in one statement.
   */
  private async throughCache(cache: VersionCache, pages: VersionKey[][]): Promise<CompositionRow[][]> {
    const rows = await cache.versions(pages.flat(), async (uids) => {
      const result = await this.db.query<CompositionRow>(`SELECT ${COMPOSITION_COLUMNS} FROM composition_versions WHERE uid = ANY($1::text[])`, [uids]);
      return result.rows;
    });
    return pages.map((page) => page.flatMap((key) => rows.get(key.uid) ?? []));
  }
}
