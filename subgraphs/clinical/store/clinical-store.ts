import type { CallerAbility } from '../../kit/authz/types.ts';
import type { Database, Queryable, TransactionOptions } from '../../kit/db/db.ts';
import { AuditStore } from '../../kit/store/audit-store.ts';
import type { CompiledAql } from '../aql/index.ts';
import type { CohortSpec } from '../cohort/input.ts';
import { readableElementsStatement, type CohortRow } from '../cohort/sql.ts';
import type { CompositionRow } from '../model/rows.ts';
import { cohortStatementFor } from './cohort-store.ts';
import type { NumericElement } from './numeric-value-store.ts';
import { ResearchStore, type ResearchResult, type ResearchRun } from './research-store.ts';
import { CompositionStore, type VersionCaching } from './composition-store.ts';
import { EhrStore } from './ehr-store.ts';
import { EmergencyStore } from './emergency-store.ts';
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
  readonly emergency: EmergencyStore;

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
    this.emergency = new EmergencyStore(db);
  }

  /** Runs a compiled AQL query (its caller's rules are inside it); rows are arrays of JSON values in SELECT order. */
  async runAql(compiled: CompiledAql): Promise<unknown[][]> {
    const result = await this.db.query(compiled.sql, compiled.params);
    return aqlRows(compiled, result.rows);
  }
}

/** Rows as arrays in SELECT order, with the hidden columns (disclosure, contributing EHRs) after the selected ones. */
const aqlRows = (compiled: CompiledAql, rows: Record<string, unknown>[]) =>
  rows.map((row) => Array.from({ length: compiled.width }, (_, i) => row[`c${i}`] ?? null));

/**
 * The clinical service's store, built once with its database and its version cache (none for
 * tools and tests that want every read to reach the database). Single composition versions are
 * read through the cache; a version written outside `transaction` is announced to it at once.
 */
export class ClinicalStore extends ClinicalTables {
  private readonly research: ResearchStore;

  /**
   * `research`: where AQL, stored queries and cohorts run (by default this database), and whether
   * they fall back to this database when it cannot be reached.
   */
  constructor(
    private readonly database: Database,
    private readonly cache: VersionCache | null,
    research: { db: Database; fallBack: boolean } | null = null,
  ) {
    super(database, { reads: cache, written: async (row) => cache?.committed(row) });
    this.research = new ResearchStore(research?.db ?? database, research?.fallBack ? database : null);
  }

  /**
   * Runs `work` in one transaction with the tables bound to it: its reads go to the database, never
   * the cache, and the versions it wrote are announced to the cache only once it has committed.
   */
  async transaction<T>(work: (tx: ClinicalTables) => Promise<T>, options?: TransactionOptions): Promise<T> {
    const written: CompositionRow[] = [];
    const tables = (tx: Queryable) => new ClinicalTables(tx, { reads: null, written: async (row) => void written.push(row) });
    const result = await this.database.transaction((tx) => work(tables(tx)), options);
    for (const row of written) await this.cache?.committed(row);
    return result;
  }

  /** A compiled AQL query on the research database, within `run`'s limits; rows as in `runAql`. */
  async researchAql(compiled: CompiledAql, run: ResearchRun): Promise<ResearchResult<unknown[]>> {
    const result = await this.research.run<Record<string, unknown>>(run, async () => compiled);
    return result.refused ? result : { refused: false, rows: aqlRows(compiled, result.rows) };
  }

  /**
   * The rows of a cohort query with the caller's read rules inside (see cohort-store.ts), within
   * `run`'s limits; with `nameEhrs`, the total carries the ids of the EHRs it counted.
   */
  cohort(spec: CohortSpec, ability: CallerAbility, run: ResearchRun, nameEhrs = false): Promise<ResearchResult<CohortRow>> {
    return this.research.run<CohortRow>(run, (tx) => cohortStatementFor(tx, spec, ability, nameEhrs));
  }

  /** The numeric elements of the dictionary (migration 007) with a value the caller may read, on the research database within `run`'s limits. */
  cohortElements(ability: CallerAbility, run: ResearchRun): Promise<ResearchResult<NumericElement>> {
    return this.research.run<NumericElement>(run, () => Promise.resolve(readableElementsStatement(ability)));
  }

  /** One request's DataLoaders, for one caller. */
  loaders(ability: CallerAbility): ClinicalLoaders {
    return createClinicalLoaders(this, ability);
  }
}
