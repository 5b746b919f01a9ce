import type { Database, Queryable } from '../../kit/db/db.ts';
import { AuditStore } from '../../kit/store/audit-store.ts';
import type { FieldCipher } from '../crypto.ts';
import { LinkStore } from './link-store.ts';
import { createDemographicLoaders, type DemographicLoaders } from './loaders.ts';
import { PatientStore } from './patient-store.ts';

/** The demographic tables, read and written through one connection: the pool, or one transaction. */
export class DemographicTables {
  readonly patients: PatientStore;
  readonly links: LinkStore;
  readonly audit: AuditStore;

  constructor(db: Queryable, cipher: FieldCipher) {
    this.patients = new PatientStore(db, cipher);
    this.links = new LinkStore(db, cipher);
    this.audit = new AuditStore(db);
  }
}

/** The demographic service's store, built once with its database and the cipher of its identifiers and links. */
export class DemographicStore extends DemographicTables {
  constructor(
    private readonly db: Database,
    private readonly cipher: FieldCipher,
  ) {
    super(db, cipher);
  }

  /** Runs `work` in one transaction, with the tables bound to it. */
  transaction<T>(work: (tx: DemographicTables) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => work(new DemographicTables(tx, this.cipher)));
  }

  /** One request's DataLoaders. */
  loaders(): DemographicLoaders {
    return createDemographicLoaders(this);
  }
}
