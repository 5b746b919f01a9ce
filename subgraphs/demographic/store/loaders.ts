import DataLoader from 'dataloader';
import type { IdentifierValue, PatientRecord } from '../model/rows.ts';
import type { LinkStore } from './link-store.ts';
import type { PatientStore } from './patient-store.ts';

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

export function createDemographicLoaders(store: { patients: PatientStore; links: LinkStore }): DemographicLoaders {
  return {
    patients: new DataLoader((ids: readonly string[]) => store.patients.byIds(ids)),
    identifiers: new DataLoader((ids: readonly string[]) => store.patients.identifiersOf(ids)),
    ehrIdsByPatient: new DataLoader((ids: readonly string[]) => store.links.ehrIdsOf(ids)),
    patientIdsByEhr: new DataLoader((ids: readonly string[]) => store.links.patientIdsOfEhrs(ids)),
  };
}
