import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../subgraphs/kit/db/db.ts';
import { migrate } from '../subgraphs/kit/db/migrate.ts';
import { loadClinicalConfig } from '../subgraphs/clinical/config.ts';
import { startClinicalService } from '../subgraphs/clinical/service.ts';
import { loadDemographicConfig } from '../subgraphs/demographic/config.ts';
import { startDemographicService } from '../subgraphs/demographic/service.ts';
import { createTestDatabase, usingRealPostgres } from './kit/databases.ts';
import { resolveTokenKeys } from '../platform/auth/config.ts';
import { graphqlClient, withToken, type GraphQLClient } from './kit/graphql-client.ts';
import { tokenSigner } from './kit/tokens.ts';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A client with a clinician-and-registrar token signed by the key the services generated in `dataDir`. */
async function clientFor(url: string, dataDir: string): Promise<GraphQLClient> {
  const keys = await resolveTokenKeys({ DATA_DIR: dataDir });
  const token = await tokenSigner(keys)({ sub: 'storage-test', ttl: '10m' });
  return withToken(graphqlClient(url), token);
}

function tempDataDir(): string {
  const folder = mkdtempSync(join(tmpdir(), 'clinical-federation-'));
  folders.push(folder);
  return folder;
}

/** Two cold starts of a file-backed PGlite (its migrations, then a reopen) take seconds alone, far longer on a loaded machine. */
const PGLITE_RESTART_TIMEOUT_MS = 90_000;

describe('embedded default (PGlite files under DATA_DIR)', () => {
  it(
    'keeps clinical data across a restart',
    async () => {
      const dataDir = tempDataDir();
      const config = loadClinicalConfig({ CLINICAL_PORT: '0', DATA_DIR: dataDir });
      const first = await startClinicalService(config);
      expect(first.db.engine).toBe('pglite');
      const { data } = await (await clientFor(first.url, dataDir)).request(`mutation { createEhr { id } }`);
      await first.stop();
      expect(existsSync(join(dataDir, 'clinical', 'PG_VERSION'))).toBe(true);

      const second = await startClinicalService(config);
      const found = await (await clientFor(second.url, dataDir)).request(`query($id: UUID!) { ehr(id: $id) { id } }`, { id: data.createEhr.id });
      await second.stop();
      expect(found.data.ehr).toEqual({ id: data.createEhr.id });
    },
    PGLITE_RESTART_TIMEOUT_MS,
  );

  it(
    'generates the link key into the data folder once and reuses it, so links stay readable',
    async () => {
      const dataDir = tempDataDir();
      // linkEhr asks the clinical service whether the caller may read the EHR: one runs alongside.
      const clinical = await startClinicalService(loadClinicalConfig({ CLINICAL_PORT: '0', DATA_DIR: dataDir }));
      const created = await (await clientFor(clinical.url, dataDir)).request(`mutation { createEhr { id } }`);
      const ehrId: string = created.data.createEhr.id;
      const config = loadDemographicConfig({ DEMOGRAPHIC_PORT: '0', DATA_DIR: dataDir, CLINICAL_URL: clinical.url });
      const first = await startDemographicService(config);
      const client = await clientFor(first.url, dataDir);
      const patient = await client.request(`mutation { registerPatient(input: { name: { family: "Keyed" } }) { id } }`);
      const link = await client.request(`mutation($p: UUID!, $e: UUID!) { linkEhr(patientId: $p, ehrId: $e) { id } }`, {
        p: patient.data.registerPatient.id,
        e: ehrId,
      });
      expect(link.errors).toBeUndefined();
      await first.stop();
      expect(existsSync(join(dataDir, 'demographic', 'link.key'))).toBe(true);

      const second = await startDemographicService(config);
      const read = await (
        await clientFor(second.url, dataDir)
      ).request(`query($p: UUID!) { patient(id: $p) { ehr { id } } }`, {
        p: patient.data.registerPatient.id,
      });
      await second.stop();
      await clinical.stop();
      expect(read.data.patient.ehr).toEqual({ id: ehrId });
    },
    PGLITE_RESTART_TIMEOUT_MS,
  );
});

describe('migrations', () => {
  it('apply once, in order, and are recorded', async () => {
    const store = await createTestDatabase('migrations');
    try {
      const folder = new URL('../subgraphs/clinical/migrations/', import.meta.url).pathname;
      const first = await migrate(store.db, folder);
      const again = await migrate(store.db, folder);
      expect(first[0]).toBe('001_clinical_store');
      expect(again).toEqual([]);
      const recorded = await store.db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(recorded.rows.map((row) => row.version)).toEqual(first);
    } finally {
      await store.drop();
    }
  });

  it('roll back a failing transaction completely', async () => {
    const db = await openDatabase('memory://');
    try {
      await db.exec('CREATE TABLE t (n int)');
      await expect(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO t VALUES (1)');
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect((await db.query('SELECT * FROM t')).rows).toEqual([]);
    } finally {
      await db.close();
    }
  });
});

describe.skipIf(!usingRealPostgres)('[postgres] PostgreSQL when CLINICAL_DATABASE_URL is set', () => {
  it('stores clinical data in the configured PostgreSQL database through pg', async () => {
    const store = await createTestDatabase('clinical_url');
    try {
      const dataDir = tempDataDir();
      const service = await startClinicalService(loadClinicalConfig({ CLINICAL_PORT: '0', CLINICAL_DATABASE_URL: store.url, DATA_DIR: dataDir }));
      expect(service.db.engine).toBe('postgres');
      const { data } = await (await clientFor(service.url, dataDir)).request(`mutation { createEhr { id } }`);
      await service.stop();
      const rows = await store.db.query<{ id: string }>('SELECT id::text AS id FROM ehrs');
      expect(rows.rows).toEqual([{ id: data.createEhr.id }]);
    } finally {
      await store.drop();
    }
  });
});
