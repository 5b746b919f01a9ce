// The shapes of demographic data, shared by the store (which reads and writes them, encrypted where
// they must be), the access layer and the resolvers. Types only.
export type AdministrativeSex = 'FEMALE' | 'MALE' | 'OTHER' | 'UNKNOWN';

export interface PatientRecord {
  id: string;
  /** The managing organisation: the `org` of the caller who registered the patient, changed only by a transfer. */
  org: string;
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

/** A patient's fields as registered or updated (checked and normalised). */
export interface PatientFields {
  given: string[];
  family: string;
  birthDate: string | null;
  sex: AdministrativeSex | null;
  identifiers: IdentifierValue[];
}
