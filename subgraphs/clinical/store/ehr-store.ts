import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../kit/db/db.ts';
import { platformError } from '../../../platform/errors/errors.ts';
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

  /** CONFLICT when the subject has an EHR in that namespace already. */
  async create(ehr: NewEhr): Promise<EhrRow> {
    const { subjectId, subjectNamespace } = ehr;
    const result = await this.db.query<EhrRow>(
      `INSERT INTO ehrs (id, org, subject_id, subject_namespace, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT ehrs_one_per_subject DO NOTHING
       RETURNING ${EHR_COLUMNS}`,
      [ehr.id, ehr.org, subjectId, subjectNamespace, new Date()],
    );
    const created = result.rows[0];
    if (!created) {
      throw platformError('CONFLICT', `An EHR already exists for subject ${subjectId} in namespace "${subjectNamespace}"`, {
        subjectId,
        subjectNamespace,
      });
    }
    return created;
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

  async bySubject(subjectId: string, subjectNamespace: string): Promise<EhrRow | null> {
    const result = await this.db.query<EhrRow>(`SELECT ${EHR_COLUMNS} FROM ehrs WHERE subject_id = $1 AND subject_namespace = $2`, [
      subjectId,
      subjectNamespace,
    ]);
    return result.rows[0] ?? null;
  }
}
