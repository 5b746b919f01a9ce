import DataLoader from 'dataloader';
import type { Queryable } from '../../kit/db/db.ts';
import type { FieldCipher } from '../crypto.ts';
import { ehrIdsOf, patientIdsOfEhrs } from '../store/link-store.ts';
import { identifiersOf, patientsByIds } from '../store/patient-store.ts';
import type { IdentifierValue, PatientRecord } from '../store/rows.ts';

/**
 * One request's batched look-ups by key: a list of 100 patients, or 100 `_entities`
 * representations, costs one statement per kind of look-up. Created for one caller and dropped with
 * the request; only the caller-scoped access layer uses them, and it checks what they return.
 */
export interface DemographicLoaders {
  patients: DataLoader<string, PatientRecord | null>;
  identifiers: DataLoader<string, IdentifierValue[]>;
  /** The decrypted EHR id linked to each patient. */
  ehrIdsByPatient: DataLoader<string, string | null>;
  /** The patient linked to each EHR id (through the blind index). */
  patientIdsByEhr: DataLoader<string, string | null>;
}

export function createDemographicLoaders(db: Queryable, cipher: FieldCipher): DemographicLoaders {
  return {
    patients: new DataLoader((ids: readonly string[]) => patientsByIds(db, ids)),
    identifiers: new DataLoader((ids: readonly string[]) => identifiersOf(db, cipher, ids)),
    ehrIdsByPatient: new DataLoader((ids: readonly string[]) => ehrIdsOf(db, cipher, ids)),
    patientIdsByEhr: new DataLoader((ids: readonly string[]) => patientIdsOfEhrs(db, cipher, ids)),
  };
}
