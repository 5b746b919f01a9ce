import type { CallerAbility } from '../../kit/authz/types.ts';
import type { Queryable } from '../../kit/db/db.ts';
import { SqlParams } from '../../kit/db/sql.ts';
import { platformError } from '../../../platform/errors/errors.ts';
import type { FieldCipher } from '../crypto.ts';
import type { IdentifierValue, PatientFields, PatientRecord } from '../model/rows.ts';
import { PATIENT_COLUMNS } from './columns.ts';

export interface PatientSearch {
  namePrefix: string | null;
  birthDate: string | null;
  identifier: IdentifierValue | null;
  first: number;
  after: { family: string; given: string[]; id: string } | null;
}

const identifierIndex = (cipher: FieldCipher, { system, value }: IdentifierValue) => cipher.blindIndex('identifier', system, value);

/** Patients and their identifiers (encrypted, found through blind indexes). */
export class PatientStore {
  constructor(
    private readonly db: Queryable,
    private readonly cipher: FieldCipher,
  ) {}

  /** Call inside a transaction (with its identifiers). `org` is the managing organisation. */
  async insert(id: string, org: string, fields: PatientFields): Promise<PatientRecord> {
    const now = new Date();
    const result = await this.db.query<PatientRecord>(
      `INSERT INTO patients (id, org, given, family, birth_date, sex, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING ${PATIENT_COLUMNS}`,
      [id, org, fields.given, fields.family, fields.birthDate, fields.sex, now],
    );
    await this.writeIdentifiers(id, org, fields.identifiers);
    return result.rows[0] as PatientRecord;
  }

  /** Call inside a transaction (with its identifiers). The managing organisation stays. */
  async update(id: string, fields: PatientFields): Promise<PatientRecord> {
    const result = await this.db.query<PatientRecord>(
      `UPDATE patients SET given = $2, family = $3, birth_date = $4, sex = $5, updated_at = $6
       WHERE id = $1 RETURNING ${PATIENT_COLUMNS}`,
      [id, fields.given, fields.family, fields.birthDate, fields.sex, new Date()],
    );
    const updated = result.rows[0];
    if (!updated) throw platformError('NOT_FOUND', `No patient with id ${id}`, { patientId: id });
    await this.db.query('DELETE FROM patient_identifiers WHERE patient_id = $1', [id]);
    await this.writeIdentifiers(id, updated.org, fields.identifiers);
    return updated;
  }

  /** Gives the patient (and its identifiers) another managing organisation. Call inside a transaction. */
  async transfer(id: string, org: string): Promise<void> {
    await this.db.query('UPDATE patients SET org = $2, updated_at = $3 WHERE id = $1', [id, org, new Date()]);
    const moved = await this.db.query(
      `UPDATE patient_identifiers SET org = $2 WHERE patient_id = $1
         AND NOT EXISTS (SELECT 1 FROM patient_identifiers o WHERE o.org = $2 AND o.value_index = patient_identifiers.value_index)`,
      [id, org],
    );
    const all = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM patient_identifiers WHERE patient_id = $1', [id]);
    if (moved.rowCount !== all.rows[0]?.n) {
      throw platformError('CONFLICT', `An identifier of this patient is already registered in organisation ${org}`, { argument: 'org' });
    }
  }

  /** An identifier is unique within the patient's organisation only (the clash is the caller's own organisation's). */
  private async writeIdentifiers(patientId: string, org: string, identifiers: IdentifierValue[]) {
    for (const [position, { system, value }] of identifiers.entries()) {
      const inserted = await this.db.query(
        `INSERT INTO patient_identifiers (patient_id, org, position, system, value_encrypted, value_index)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (org, value_index) DO NOTHING`,
        [patientId, org, position, system, this.cipher.encrypt(value, `${patientId}\u0000${system}`), identifierIndex(this.cipher, { system, value })],
      );
      if (inserted.rowCount === 0) {
        throw platformError('CONFLICT', `The identifier in system ${system} is already registered to another patient`, {
          argument: `input.identifiers[${position}]`,
        });
      }
    }
  }

  /** Patients by id, in the order asked, null for unknown ids (DataLoader batch shape). */
  async byIds(ids: readonly string[]): Promise<(PatientRecord | null)[]> {
    const result = await this.db.query<PatientRecord>(`SELECT ${PATIENT_COLUMNS} FROM patients WHERE id = ANY($1::uuid[])`, [ids]);
    const byId = new Map(result.rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Decrypted identifiers of each patient, in the order asked (DataLoader batch shape). */
  async identifiersOf(patientIds: readonly string[]): Promise<IdentifierValue[][]> {
    const result = await this.db.query<{ patientId: string; system: string; sealed: Uint8Array }>(
      `SELECT patient_id AS "patientId", system, value_encrypted AS sealed FROM patient_identifiers
       WHERE patient_id = ANY($1::uuid[]) ORDER BY patient_id, position`,
      [patientIds],
    );
    const byPatient = new Map<string, IdentifierValue[]>();
    for (const row of result.rows) {
      const list = byPatient.get(row.patientId) ?? [];
      list.push({ system: row.system, value: this.cipher.decrypt(row.sealed, `${row.patientId}\u0000${row.system}`) });
      byPatient.set(row.patientId, list);
    }
    return patientIds.map((id) => byPatient.get(id) ?? []);
  }

  /**
   * One page of matching patients that the caller may read (their read rules inside the SQL),
   * ordered by lower(family), given, id; one extra row tells whether more follow.
   */
  async search(search: PatientSearch, ability: CallerAbility): Promise<(PatientRecord & { sortKey: string })[]> {
    const prefix = search.namePrefix === null ? null : `${search.namePrefix.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
    const params = new SqlParams([
      prefix,
      search.birthDate,
      search.identifier ? identifierIndex(this.cipher, search.identifier) : null,
      search.after?.family ?? null,
      search.after?.given ?? null,
      search.after?.id ?? null,
      search.first + 1,
    ]);
    const readable = ability.sqlFilter('read', 'Patient', { id: 'p.id', org: 'p.org' }, params);
    const result = await this.db.query<PatientRecord & { sortKey: string }>(
      `SELECT ${PATIENT_COLUMNS}, lower(family) AS "sortKey" FROM patients p
       WHERE ($1::text IS NULL OR lower(family) LIKE $1 OR EXISTS (SELECT 1 FROM unnest(given) g WHERE lower(g) LIKE $1))
         AND ($2::date IS NULL OR birth_date = $2::date)
         AND ($3::bytea IS NULL OR EXISTS (SELECT 1 FROM patient_identifiers i WHERE i.patient_id = p.id AND i.value_index = $3))
         AND ($4::text IS NULL OR (lower(family), given, id) > ($4::text, $5::text[], $6::uuid))
         AND (${readable})
       ORDER BY lower(family), given, id
       LIMIT $7`,
      params.values,
    );
    return result.rows;
  }
}
