import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../kit/db/db.ts';
import type { EhrRow } from '../model/rows.ts';
import { EHR_COLUMNS } from './columns.ts';

export const DEFAULT_SUBJECT_NAMESPACE = 'default';

export interface NewEhr {
  id: string;
  org: string;
  subjectId: string;
  subjectNamespace: string;
}

export const newEhr = (org: string, subjectId: string, subjectNamespace: string): NewEhr => ({
  id: randomUUID(),
  org,
  subjectId,
  subjectNamespace,
});

/** The `ehrs` table. */
export class EhrStore {
  constructor(private readonly db: Queryable) {}

  /** The new EHR, or null when its organisation has an EHR for the subject in that namespace already. */
  async create(ehr: NewEhr): Promise<EhrRow | null> {
    const result = await this.db.query<EhrRow>(
      `INSERT INTO ehrs (id, org, subject_id, subject_namespace, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT ehrs_one_per_subject DO NOTHING
       RETURNING ${EHR_COLUMNS}`,
      [ehr.id, ehr.org, ehr.subjectId, ehr.subjectNamespace, new Date()],
    );
    return result.rows[0] ?? null;
  }

  /** The organisation's EHR of a subject in a namespace (at most one). */
  async ofOrganisation(org: string, subjectId: string, subjectNamespace: string): Promise<EhrRow | null> {
    const result = await this.db.query<EhrRow>(`SELECT ${EHR_COLUMNS} FROM ehrs WHERE org = $1 AND subject_id = $2 AND subject_namespace = $3`, [
      org,
      subjectId,
      subjectNamespace,
    ]);
    return result.rows[0] ?? null;
  }

  async byId(id: string): Promise<EhrRow | null> {
    const result = await this.db.query<EhrRow>(`SELECT ${EHR_COLUMNS} FROM ehrs WHERE id = $1`, [id]);
    return result.rows[0] ?? null;
  }

  /** EHRs by id, in the order asked, null for unknown ids (DataLoader batch shape). */
  async byIds(ids: readonly string[]): Promise<(EhrRow | null)[]> {
    const result = await this.db.query<EhrRow>(`SELECT ${EHR_COLUMNS} FROM ehrs WHERE id = ANY($1::uuid[])`, [ids]);
    const byId = new Map(result.rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Every organisation's EHR of a subject in a namespace, oldest first. */
  async bySubject(subjectId: string, subjectNamespace: string): Promise<EhrRow[]> {
    const result = await this.db.query<EhrRow>(`SELECT ${EHR_COLUMNS} FROM ehrs WHERE subject_id = $1 AND subject_namespace = $2 ORDER BY created_at, id`, [
      subjectId,
      subjectNamespace,
    ]);
    return result.rows;
  }
}
