import type pg from 'pg';
import type { FieldCipher } from '../../../subgraphs/demographic/crypto.ts';

/** What the gateway asks of the demographic subgraph in scenario 1: `patients(first:) { edges { node { id ehr { __typename id } } } }`. */
export interface PatientPage {
  patients: { edges: { node: { id: string; ehr: { __typename: 'Ehr'; id: string } | null } }[] };
}

/**
 * The demographic floor: the first patients in the list's order with their encrypted EHR links, in
 * one statement, each link decrypted (the answer needs the EHR id), no read rules.
 */
export async function demographicFloor(pool: pg.Pool, cipher: FieldCipher, first: number): Promise<PatientPage> {
  const result = await pool.query<{ id: string; sealed: Uint8Array | null }>(
    `SELECT p.id, l.ehr_id_encrypted AS sealed FROM patients p
     LEFT JOIN patient_ehr_links l ON l.patient_id = p.id
     ORDER BY lower(p.family), p.given, p.id LIMIT $1`,
    [first + 1],
  );
  const edges = result.rows.slice(0, first).map(({ id, sealed }) => ({
    node: { id, ehr: sealed ? { __typename: 'Ehr' as const, id: cipher.decrypt(sealed, id) } : null },
  }));
  return { patients: { edges } };
}
