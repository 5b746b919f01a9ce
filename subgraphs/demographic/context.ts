import DataLoader from 'dataloader';
import type { Database } from '../common/db.ts';
import type { FieldCipher } from './crypto.ts';
import { ehrIdsOf, patientIdsOfEhrs } from './store/link-store.ts';
import { identifiersOf, patientsByIds } from './store/patient-store.ts';
import type { IdentifierValue, PatientRecord } from './store/rows.ts';

/** Everything a demographic resolver may use; built fresh for every request. */
export interface DemographicContext {
  db: Database;
  cipher: FieldCipher;
  loaders: {
    patientById: DataLoader<string, PatientRecord | null>;
    identifiersByPatient: DataLoader<string, IdentifierValue[]>;
    ehrIdByPatient: DataLoader<string, string | null>;
    patientIdByEhr: DataLoader<string, string | null>;
  };
}

export function createDemographicContext(db: Database, cipher: FieldCipher): DemographicContext {
  return {
    db,
    cipher,
    loaders: {
      patientById: new DataLoader((ids: readonly string[]) => patientsByIds(db, ids)),
      identifiersByPatient: new DataLoader((ids: readonly string[]) => identifiersOf(db, cipher, ids)),
      ehrIdByPatient: new DataLoader((ids: readonly string[]) => ehrIdsOf(db, cipher, ids)),
      patientIdByEhr: new DataLoader((ids: readonly string[]) => patientIdsOfEhrs(db, cipher, ids)),
    },
  };
}
