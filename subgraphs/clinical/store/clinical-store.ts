import type { CallerAbility } from '../../kit/authz/types.ts';
import type { Database, Queryable } from '../../kit/db/db.ts';
import { AuditStore } from '../../kit/store/audit-store.ts';
import type { CompiledAql } from '../aql/index.ts';
import type { CohortSpec } from '../cohort/input.ts';
import type { CohortRow } from '../cohort/sql.ts';
import type { CompositionRow } from '../model/rows.ts';
import { cohortRows } from './cohort-store.ts';
import { CompositionStore, type VersionCaching } from './composition-store.ts';
import { EhrStore } from './ehr-store.ts';
import { createClinicalLoaders, type ClinicalLoaders } from './loaders.ts';
import { RevocationStore } from './revocation-store.ts';
import { StoredQueryStore } from './stored-query-store.ts';
import { TemplateStore } from './template-store.ts';
import type { VersionCache } from './version-cache.ts';

/** The clinical tables, read and written through one connection: the pool, or one transaction. */
export class ClinicalTables {
  readonly ehrs: EhrStore;
  readonly compositions: CompositionStore;
  readonly templates: TemplateStore;
  readonly storedQueries: StoredQueryStore;
  readonly revocations: RevocationStore;
  readonly audit: AuditStore;

  constructor(
    private readonly db: Queryable,
    versions: VersionCaching,
  ) {
    this.ehrs = new EhrStore(db);
    this.compositions = new CompositionStore(db, versions);
    this.templates = new TemplateStore(db);
    this.storedQueries = new StoredQueryStore(db);
    this.revocations = new RevocationStore(db);
    this.audit = new AuditStore(db);
  }

  /** Runs a compiled AQL query (its caller's rules are inside it); rows are arrays of JSON values in SELECT order. */
  async runAql(compiled: CompiledAql): Promise<unknown[][]> {
    const result = await this.db.query(compiled.sql, compiled.params);
    const width = compiled.disclosure?.width ?? compiled.columns.length;
    return result.rows.map((row) => Array.from({ length: width }, (_, i) => row[`c${i}`] ?? null));
  }
}

/**
 * The clinical service's store, built once with its database and its version cache (none for
 * tools and tests that want every read to reach the database). Single composition versions are
 * read through the cache; a version written outside `transaction` is announced to it at once.
 */
export class ClinicalStore extends ClinicalTables {
  constructor(
    private readonly database: Database,
    private readonly cache: VersionCache | null,
  ) {
    super(database, { reads: cache, written: async (row) => cache?.committed(row) });
  }

  /**
   * Runs `work` in one transaction with the tables bound to it: its reads go to the database, never
   * the cache, and the versions it wrote are announced to the cache only once it has committed.
   */
  async transaction<T>(work: (tx: ClinicalTables) => Promise<T>): Promise<T> {
    const written: CompositionRow[] = [];
    const result = await this.database.transaction((tx) => work(new ClinicalTables(tx, { reads: null, written: async (row) => void written.push(row) })));
    for (const row of written) await this.cache?.committed(row);
    return result;
  }

  /** The rows of a cohort query with the caller's read rules inside (see cohort-store.ts). */
  cohort(spec: CohortSpec, ability: CallerAbility): Promise<CohortRow[]> {
    return cohortRows(this.database, spec, ability);
  }

  /** One request's DataLoaders, for one caller. */
  loaders(ability: CallerAbility): ClinicalLoaders {
    return createClinicalLoaders(this, ability);
  }
}
