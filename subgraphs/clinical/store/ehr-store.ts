import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../common/db.ts';
import { platformError } from '../../../common/errors.ts';
import { EHR_COLUMNS, type EhrRow } from './rows.ts';

export const DEFAULT_SUBJECT_NAMESPACE = 'default';

export async function createEhr(db: Queryable, subjectId: string, subjectNamespace: string): Promise<EhrRow> {
  const result = await db.query<EhrRow>(
    `INSERT INTO ehrs (id, subject_id, subject_namespace, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT ON CONSTRAINT ehrs_one_per_subject DO NOTHING
     RETURNING ${EHR_COLUMNS}`,
    [randomUUID(), subjectId, subjectNamespace, new Date()],
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

/** EHRs by id, in the order asked, null for unknown ids (DataLoader batch shape). */
export async function ehrsByIds(db: Queryable, ids: readonly string[]): Promise<(EhrRow | null)[]> {
  const result = await db.query<EhrRow>(`SELECT ${EHR_COLUMNS} FROM ehrs WHERE id = ANY($1::uuid[])`, [ids]);
  const byId = new Map(result.rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

export async function ehrBySubject(db: Queryable, subjectId: string, subjectNamespace: string): Promise<EhrRow | null> {
  const result = await db.query<EhrRow>(
    `SELECT ${EHR_COLUMNS} FROM ehrs WHERE subject_id = $1 AND subject_namespace = $2`,
    [subjectId, subjectNamespace],
  );
  return result.rows[0] ?? null;
}
