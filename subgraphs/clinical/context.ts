import DataLoader from 'dataloader';
import type { Database } from '../common/db.ts';
import { ehrsByIds } from './store/ehr-store.ts';
import type { EhrRow } from './store/rows.ts';

/** Everything a clinical resolver may use; built fresh for every request. */
export interface ClinicalContext {
  db: Database;
  systemId: string;
  loaders: {
    ehrById: DataLoader<string, EhrRow | null>;
  };
}

export function createClinicalContext(db: Database, systemId: string): ClinicalContext {
  return {
    db,
    systemId,
    loaders: {
      ehrById: new DataLoader((ids: readonly string[]) => ehrsByIds(db, ids)),
    },
  };
}
