export type AdministrativeSex = 'FEMALE' | 'MALE' | 'OTHER' | 'UNKNOWN';

export interface PatientRecord {
  id: string;
  given: string[];
  family: string;
  birthDate: string | null;
  sex: AdministrativeSex | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The clinical subgraph's EHR as this subgraph knows it: only its id. */
export interface EhrReference {
  id: string;
}

export interface IdentifierValue {
  system: string;
  value: string;
}

export const PATIENT_COLUMNS = `id, given, family, to_char(birth_date, 'YYYY-MM-DD') AS "birthDate", sex,
  created_at AS "createdAt", updated_at AS "updatedAt"`;
