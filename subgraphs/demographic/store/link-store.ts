import type { Queryable } from '../../kit/db/db.ts';
import { platformError } from '../../../platform/errors/errors.ts';
import type { FieldCipher } from '../crypto.ts';

/** The encrypted patient → EHR links, found by EHR through a blind index. */
export class LinkStore {
  constructor(
    private readonly db: Queryable,
    private readonly cipher: FieldCipher,
  ) {}

  private ehrIndex(ehrId: string): Buffer {
    return this.cipher.blindIndex('ehr', ehrId.toLowerCase());
  }

  /** Stores the link; the same pair again is a no-op, any other clash a CONFLICT. Call inside a transaction. */
  async link(patientId: string, ehrId: string): Promise<void> {
    const patient = await this.db.query('SELECT 1 FROM patients WHERE id = $1 FOR UPDATE', [patientId]);
    if (patient.rows.length === 0) throw platformError('NOT_FOUND', `No patient with id ${patientId}`, { patientId });
    const [existing] = await this.ehrIdsOf([patientId]);
    if (existing === ehrId.toLowerCase()) return;
    if (existing) throw platformError('CONFLICT', `Patient ${patientId} is already linked to another EHR`, { patientId });
    const inserted = await this.db.query(
      `INSERT INTO patient_ehr_links (patient_id, ehr_id_encrypted, ehr_id_index, linked_at)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [patientId, this.cipher.encrypt(ehrId.toLowerCase(), patientId), this.ehrIndex(ehrId), new Date()],
    );
    if (inserted.rowCount === 0) throw platformError('CONFLICT', `EHR ${ehrId} is already linked to another patient`, { ehrId });
  }

  /** The decrypted EHR id of each patient, null when unlinked (DataLoader batch shape). */
  async ehrIdsOf(patientIds: readonly string[]): Promise<(string | null)[]> {
    const result = await this.db.query<{ patientId: string; sealed: Uint8Array }>(
      `SELECT patient_id AS "patientId", ehr_id_encrypted AS sealed FROM patient_ehr_links WHERE patient_id = ANY($1::uuid[])`,
      [patientIds],
    );
    const byPatient = new Map(result.rows.map((row) => [row.patientId, this.cipher.decrypt(row.sealed, row.patientId)]));
    return patientIds.map((id) => byPatient.get(id) ?? null);
  }

  /** The patient linked to each EHR, found through the blind index (DataLoader batch shape). */
  async patientIdsOfEhrs(ehrIds: readonly string[]): Promise<(string | null)[]> {
    const indexes = ehrIds.map((id) => this.ehrIndex(id).toString('hex'));
    const result = await this.db.query<{ patientId: string; index: string }>(
      `SELECT patient_id AS "patientId", encode(ehr_id_index, 'hex') AS index FROM patient_ehr_links
       WHERE ehr_id_index IN (SELECT decode(h, 'hex') FROM unnest($1::text[]) AS h)`,
      [indexes],
    );
    const byIndex = new Map(result.rows.map((row) => [row.index, row.patientId]));
    return indexes.map((index) => byIndex.get(index) ?? null);
  }
}
