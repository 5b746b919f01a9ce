// Shared by the AQL tests: a migrated database (PGlite, or PostgreSQL with TEST_DATABASE_URL) and
// fixture compositions stored the way commits store them.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '../../../kit/databases.ts';
import type { Database } from '../../../../subgraphs/kit/db/db.ts';
import { migrate } from '../../../../subgraphs/kit/db/migrate.ts';
import { loadFixture } from '../../../kit/fixtures.ts';
import { validateComposition, type CanonicalObject } from '../../../../subgraphs/clinical/canonical/index.ts';
import { ClinicalStore } from '../../../../subgraphs/clinical/store/clinical-store.ts';
import { newEhr } from '../../../../subgraphs/clinical/store/ehr-store.ts';
import { compileAql, parseAql, type AqlAccess } from '../../../../subgraphs/clinical/aql/index.ts';

const MIGRATIONS = fileURLToPath(new URL('../../../../subgraphs/clinical/migrations/', import.meta.url));

export async function migratedDatabase(label: string): Promise<TestDatabase> {
  const test = await createTestDatabase(label);
  await migrate(test.db, MIGRATIONS);
  return test;
}

/** The clinical store of a test database, without a version cache (every read reaches the database). */
export const storeOf = (db: Database) => new ClinicalStore(db, null);

export async function addEhr(db: Database, org = 'org-a'): Promise<string> {
  const ehr = newEhr(org, randomUUID(), 'default');
  await storeOf(db).ehrs.create(ehr);
  return ehr.id;
}

export interface Stored {
  uid: string;
  objectId: string;
  document: CanonicalObject;
}

/** Stores version 1 of a fixture (or a document), after `change` edits a fresh copy. */
export async function addComposition(
  db: TestDatabase['db'],
  ehrId: string,
  fixture: string | CanonicalObject,
  change: (doc: CanonicalObject) => void = () => undefined,
): Promise<Stored> {
  const document = (typeof fixture === 'string' ? loadFixture(fixture) : structuredClone(fixture)) as CanonicalObject;
  change(document);
  const summary = validateComposition(document);
  const objectId = randomUUID();
  const uid = `${objectId}::test.aql::1`;
  document.uid = { _type: 'OBJECT_VERSION_ID', value: uid };
  const ehr = await db.query<{ org: string }>('SELECT org FROM ehrs WHERE id = $1', [ehrId]);
  const ehrOrg = ehr.rows[0]?.org ?? '';
  await storeOf(db).transaction((tx) =>
    tx.compositions.insert({
      objectId,
      version: 1,
      uid,
      ehrId,
      ehrOrg,
      org: ehrOrg,
      changeType: 'CREATION',
      lifecycleState: 'COMPLETE',
      committer: 'aql-test',
      canonical: document,
      summary,
    }),
  );
  return { uid, objectId, document };
}

/** Everything readable, nothing refused. */
export const openAccess: AqlAccess = {
  ehr: () => 'TRUE',
  composition: () => 'TRUE',
  entry: () => 'TRUE',
  refusePath: () => null,
};

export interface RunOptions {
  parameters?: Record<string, unknown>;
  access?: AqlAccess;
  offset?: number;
  fetch?: number;
  maxRows?: number;
}

export async function aql(db: Database, text: string, options: RunOptions = {}): Promise<unknown[][]> {
  const compiled = compileAql(parseAql(text), {
    parameters: options.parameters ?? {},
    access: options.access ?? openAccess,
    offset: options.offset,
    fetch: options.fetch,
    maxRows: options.maxRows ?? 1000,
  });
  return storeOf(db).runAql(compiled);
}

/** `o/data[at0001]/events[at0002]/data[at0003]/items[atNNNN]` of the conformance observation. */
export const item = (variable: string, at: string) => `${variable}/data[at0001]/events[at0002]/data[at0003]/items[${at}]`;
export const FROM_CONFORMANCE = 'FROM OBSERVATION o[openEHR-EHR-OBSERVATION.conformance_observation.v0]';
