import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLClient } from '../kit/graphql-client.ts';
import { DEMOGRAPHIC_TABLES, rowCounts } from '../kit/row-counts.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';

const REGISTER = `mutation Register($input: PatientInput!) { registerPatient(input: $input) { id } }`;
const LINK = `mutation Link($patientId: UUID!, $ehrId: UUID!) {
  linkEhr(patientId: $patientId, ehrId: $ehrId) { id name { family } ehr { id } }
}`;
const PATIENT_EHR = `query PatientEhr($id: UUID!) { patient(id: $id) { id ehr { id } } }`;
const PATIENT_IDENTIFIERS = `query PatientIdentifiers($id: UUID!) { patient(id: $id) { id identifiers { system value } } }`;
const EHR_PATIENT = `query EhrPatient($id: UUID!) { ehr(id: $id) { id subjectId patient { id name { family } } } }`;

const MRN = 'https://hospital.example/mrn';
const NATIONAL = 'urn:oid:2.16.840.1.113883.2.4.6.3';

interface Person {
  id: string;
  family: string;
  identifiers: { system: string; value: string }[];
}
interface EhrRef {
  id: string;
  subjectId: string;
}

let system: TestSystem;
let targets: [string, GraphQLClient][];
let ehr1: EhrRef;
let ehr2: EhrRef;
let ehr3: EhrRef;
let ehrUnlinked: EhrRef;
let ann: Person;
let ben: Person;
let cleo: Person;
let dan: Person;

beforeAll(async () => {
  system = await startSystem();
  targets = [
    ['gateway', system.gateway],
    ['demographic subgraph', system.demographic],
  ];
  ehr1 = await createEhr(system.gateway);
  ehr2 = await createEhr(system.gateway);
  ehr3 = await createEhr(system.clinical);
  ehrUnlinked = await createEhr(system.clinical);
  ann = await register('Annfamily', [
    { system: MRN, value: 'MRN-ANN-77341' },
    { system: NATIONAL, value: '999000111' },
  ]);
  ben = await register('Benfamily', [{ system: MRN, value: 'MRN-BEN-55102' }]);
  cleo = await register('Cleofamily', [{ system: NATIONAL, value: '999000222' }]);
  dan = await register('Danfamily', [{ system: MRN, value: 'MRN-DAN-90817' }]);
});

afterAll(async () => {
  await system?.stop();
});

async function createEhr(client: GraphQLClient): Promise<EhrRef> {
  const response = await client.request<{ createEhr: EhrRef }>('mutation { createEhr { id subjectId } }');
  expect(response.errors).toBeUndefined();
  return response.data!.createEhr;
}

async function register(family: string, identifiers: Person['identifiers']): Promise<Person> {
  const response = await system.gateway.request<{ registerPatient: { id: string } }>(REGISTER, { input: { name: { family }, identifiers } });
  expect(response.errors).toBeUndefined();
  return { id: response.data!.registerPatient.id, family, identifiers };
}

const counts = () => rowCounts(system.demographicDb, DEMOGRAPHIC_TABLES);

/** The whole link table as text, to prove a refused link changed nothing (not even re-encrypted). */
async function linkRows(): Promise<string[]> {
  const result = await system.demographicDb.query<{ row: string }>('SELECT t::text AS row FROM patient_ehr_links t ORDER BY patient_id');
  return result.rows.map((r) => r.row);
}

function linked(patient: Person, ehrId: string) {
  return { status: 200, data: { linkEhr: { id: patient.id, name: { family: patient.family }, ehr: { id: ehrId } } } };
}

function resolverError(target: string, message: string, extensions: Record<string, unknown>) {
  return {
    status: 200,
    data: null,
    errors: [
      {
        message,
        path: ['linkEhr'],
        ...(target === 'gateway' ? {} : { locations: [expect.objectContaining({ line: expect.any(Number) })] }),
        extensions: target === 'gateway' ? { ...extensions, serviceName: 'demographic' } : extensions,
      },
    ],
  };
}

describe('linkEhr', () => {
  it('links a patient to an EHR created through createEhr, readable both ways across the gateway', async () => {
    const before = await counts();
    expect(await system.gateway.request(LINK, { patientId: ann.id, ehrId: ehr1.id })).toEqual(linked(ann, ehr1.id));
    expect(await counts()).toEqual({ ...before, patient_ehr_links: before.patient_ehr_links! + 1 });

    // Patient → EHR: the gateway fetches the EHR itself from the clinical subgraph.
    expect(await system.gateway.request(`query($id: UUID!) { patient(id: $id) { id ehr { id subjectId } } }`, { id: ann.id })).toEqual({
      status: 200,
      data: { patient: { id: ann.id, ehr: { id: ehr1.id, subjectId: ehr1.subjectId } } },
    });
    // EHR → patient: the demographic subgraph finds the patient through the blind index.
    expect(await system.gateway.request(EHR_PATIENT, { id: ehr1.id })).toEqual({
      status: 200,
      data: { ehr: { id: ehr1.id, subjectId: ehr1.subjectId, patient: { id: ann.id, name: { family: ann.family } } } },
    });
    expect(await system.demographic.request(PATIENT_EHR, { id: ann.id })).toEqual({
      status: 200,
      data: { patient: { id: ann.id, ehr: { id: ehr1.id } } },
    });
  });

  it('links directly on the demographic subgraph too (an EHR made on the clinical subgraph)', async () => {
    const before = await counts();
    expect(await system.demographic.request(LINK, { patientId: cleo.id, ehrId: ehr3.id })).toEqual(linked(cleo, ehr3.id));
    expect(await counts()).toEqual({ ...before, patient_ehr_links: before.patient_ehr_links! + 1 });
    expect(await system.gateway.request(EHR_PATIENT, { id: ehr3.id })).toEqual({
      status: 200,
      data: { ehr: { id: ehr3.id, subjectId: ehr3.subjectId, patient: { id: cleo.id, name: { family: cleo.family } } } },
    });
  });

  it('is a no-op when the same pair is linked again (any case of the EHR id), via both ways in', async () => {
    const before = await counts();
    const rows = await linkRows();
    for (const [, client] of targets) {
      expect(await client.request(LINK, { patientId: ann.id, ehrId: ehr1.id })).toEqual(linked(ann, ehr1.id));
      expect(await client.request(LINK, { patientId: ann.id.toUpperCase(), ehrId: ehr1.id.toUpperCase() })).toEqual(linked(ann, ehr1.id));
    }
    expect(await counts()).toEqual(before);
    expect(await linkRows()).toEqual(rows);
  });

  it.each([
    ['gateway', () => system.gateway],
    ['demographic subgraph', () => system.demographic],
  ])('refuses, via the %s, to link a patient already linked to another EHR: CONFLICT, nothing stored', async (target, client) => {
    const before = await counts();
    const rows = await linkRows();
    expect(await client().request(LINK, { patientId: ann.id, ehrId: ehr2.id })).toEqual(
      resolverError(target, `Patient ${ann.id} is already linked to another EHR`, { patientId: ann.id, code: 'CONFLICT' }),
    );
    expect(await counts()).toEqual(before);
    expect(await linkRows()).toEqual(rows);
    expect(await system.gateway.request(PATIENT_EHR, { id: ann.id })).toEqual({ status: 200, data: { patient: { id: ann.id, ehr: { id: ehr1.id } } } });
    expect(await system.gateway.request(EHR_PATIENT, { id: ehr2.id })).toEqual({
      status: 200,
      data: { ehr: { id: ehr2.id, subjectId: ehr2.subjectId, patient: null } },
    });
  });

  it.each([
    ['gateway', () => system.gateway],
    ['demographic subgraph', () => system.demographic],
  ])('refuses, via the %s, to link an EHR already linked to another patient: CONFLICT, nothing stored', async (target, client) => {
    const before = await counts();
    const rows = await linkRows();
    expect(await client().request(LINK, { patientId: ben.id, ehrId: ehr1.id.toUpperCase() })).toEqual(
      resolverError(target, `EHR ${ehr1.id} is already linked to another patient`, { ehrId: ehr1.id, code: 'CONFLICT' }),
    );
    expect(await counts()).toEqual(before);
    expect(await linkRows()).toEqual(rows);
    expect(await system.gateway.request(PATIENT_EHR, { id: ben.id })).toEqual({ status: 200, data: { patient: { id: ben.id, ehr: null } } });
    expect(await system.gateway.request(EHR_PATIENT, { id: ehr1.id })).toEqual({
      status: 200,
      data: { ehr: { id: ehr1.id, subjectId: ehr1.subjectId, patient: { id: ann.id, name: { family: ann.family } } } },
    });
  });

  it.each([
    ['gateway', () => system.gateway],
    ['demographic subgraph', () => system.demographic],
  ])('fails with NOT_FOUND for an unknown patient via the %s, storing nothing', async (target, client) => {
    const patientId = randomUUID();
    const before = await counts();
    const rows = await linkRows();
    expect(await client().request(LINK, { patientId, ehrId: ehrUnlinked.id })).toEqual(
      resolverError(target, `No patient with id ${patientId}`, { patientId, code: 'NOT_FOUND' }),
    );
    expect(await counts()).toEqual(before);
    expect(await linkRows()).toEqual(rows);
  });

  it('rejects a non-UUID EHR id with BAD_USER_INPUT, storing nothing', async () => {
    const before = await counts();
    expect(await system.gateway.request(LINK, { patientId: ben.id, ehrId: 'MRN-BEN-55102' })).toEqual({
      status: 200,
      data: null,
      errors: [
        { message: expect.stringMatching(/^Variable "\$ehrId" got invalid value "MRN-BEN-55102"; Expected a UUID/), extensions: { code: 'BAD_USER_INPUT' } },
      ],
    });
    expect(await counts()).toEqual(before);
  });

  it('still links the patient and the EHR that the refused attempts named', async () => {
    expect(await system.gateway.request(LINK, { patientId: ben.id, ehrId: ehr2.id })).toEqual(linked(ben, ehr2.id));
    expect(await system.gateway.request(EHR_PATIENT, { id: ehrUnlinked.id })).toEqual({
      status: 200,
      data: { ehr: { id: ehrUnlinked.id, subjectId: ehrUnlinked.subjectId, patient: null } },
    });
  });
});

describe('encryption at rest', () => {
  /** Everything the demographic database holds, as text: every row, every column, bytea as hex, escape and base64. */
  async function dumpDatabase(): Promise<{ tables: string[]; text: string }> {
    const db = system.demographicDb;
    const tables = (
      await db.query<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
      )
    ).rows.map((r) => r.name);
    const parts: string[] = [];
    for (const table of tables) {
      for (const row of (await db.query<{ row: string }>(`SELECT t::text AS row FROM "${table}" t`)).rows) parts.push(row.row);
      const columns = (
        await db.query<{ name: string; type: string }>(
          `SELECT column_name AS name, data_type AS type FROM information_schema.columns
           WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
          [table],
        )
      ).rows;
      for (const { name, type } of columns) {
        const select =
          type === 'bytea'
            ? `SELECT concat_ws(' ', encode("${name}", 'hex'), encode("${name}", 'escape'), encode("${name}", 'base64')) AS value FROM "${table}"`
            : `SELECT "${name}"::text AS value FROM "${table}"`;
        for (const row of (await db.query<{ value: string | null }>(select)).rows) if (row.value !== null) parts.push(row.value);
      }
    }
    return { tables, text: parts.join('\n') };
  }

  /** The forms in which a secret could sit in the dump: as written, any case, without dashes, as hex or base64 bytes. */
  function forms(secret: string): string[] {
    const bare = secret.replace(/-/g, '');
    return [
      secret,
      secret.toLowerCase(),
      secret.toUpperCase(),
      bare,
      bare.toLowerCase(),
      bare.toUpperCase(),
      Buffer.from(secret).toString('hex'),
      Buffer.from(secret).toString('base64'),
    ];
  }

  it('stores neither EHR ids nor identifier values in plaintext anywhere in the demographic database', async () => {
    const { tables, text } = await dumpDatabase();
    expect(tables).toEqual(expect.arrayContaining(['patients', 'patient_identifiers', 'patient_ehr_links']));
    // The links and identifiers this checks are really there.
    const links = await system.demographicDb.query<{ id: string }>('SELECT patient_id::text AS id FROM patient_ehr_links ORDER BY 1');
    expect(links.rows.map((row) => row.id)).toEqual([ann.id, ben.id, cleo.id].sort());
    expect((await rowCounts(system.demographicDb, ['patient_identifiers'])).patient_identifiers).toBe(5);
    const lower = text.toLowerCase();
    const squeezed = lower.replace(/\s+/g, '');

    // The dump does see the data: names, systems and the patient ids are stored in plaintext by design.
    for (const person of [ann, ben, cleo, dan]) {
      expect(text).toContain(person.family);
      expect(text).toContain(person.id);
    }
    expect(text).toContain(MRN);
    expect(text).toContain(NATIONAL);

    const ehrIds = [ehr1.id, ehr2.id, ehr3.id];
    const values = [ann, ben, cleo, dan].flatMap((person) => person.identifiers.map((identifier) => identifier.value));
    for (const secret of [...ehrIds, ...values]) {
      for (const form of forms(secret)) {
        expect(lower.includes(form.toLowerCase()), `${secret} stored as ${form}`).toBe(false);
        expect(squeezed.includes(form.toLowerCase()), `${secret} stored as ${form}`).toBe(false);
      }
    }
    // Raw UUID bytes, had they been stored in a bytea, would show in its hex form (no dashes): checked above.
    // Ciphertexts are randomised: two identifiers of one value in different systems never share bytes.
    const sealed = (await system.demographicDb.query<{ hex: string }>(`SELECT encode(value_encrypted, 'hex') AS hex FROM patient_identifiers`)).rows;
    expect(new Set(sealed.map((row) => row.hex)).size).toBe(sealed.length);
  });

  it('returns identifiers decrypted through the API', async () => {
    for (const [, client] of targets) {
      expect(await client.request(PATIENT_IDENTIFIERS, { id: ann.id })).toEqual({
        status: 200,
        data: { patient: { id: ann.id, identifiers: ann.identifiers } },
      });
    }
  });

  it("fails, without leaking it, when another patient's EHR ciphertext is copied into a patient's link row", async () => {
    const moved = await system.demographicDb.query(
      `UPDATE patient_ehr_links SET ehr_id_encrypted = (SELECT ehr_id_encrypted FROM patient_ehr_links WHERE patient_id = $1)
       WHERE patient_id = $2`,
      [ann.id, ben.id],
    );
    expect(moved.rowCount).toBe(1);
    const same = await system.demographicDb.query<{ same: boolean }>(
      `SELECT a.ehr_id_encrypted = b.ehr_id_encrypted AS same FROM patient_ehr_links a, patient_ehr_links b
       WHERE a.patient_id = $1 AND b.patient_id = $2`,
      [ann.id, ben.id],
    );
    expect(same.rows).toEqual([{ same: true }]);

    for (const [target, client] of targets) {
      const response = await client.request(PATIENT_EHR, { id: ben.id });
      expect(response).toEqual({
        status: 200,
        data: { patient: { id: ben.id, ehr: null } },
        errors: [
          {
            message: 'Internal server error',
            path: ['patient', 'ehr'],
            ...(target === 'gateway' ? {} : { locations: [expect.objectContaining({ line: 1 })] }),
            extensions: { code: 'INTERNAL_SERVER_ERROR' },
          },
        ],
      });
      const body = JSON.stringify(response).toLowerCase();
      for (const form of [...forms(ehr1.id), ...forms(ehr2.id)]) expect(body).not.toContain(form.toLowerCase());
    }
    // The owner's row is untouched and still reads.
    expect(await system.gateway.request(PATIENT_EHR, { id: ann.id })).toEqual({ status: 200, data: { patient: { id: ann.id, ehr: { id: ehr1.id } } } });
  });

  it("fails, without leaking it, when another patient's identifier ciphertext is copied into a patient's identifier row", async () => {
    const annMrn = ann.identifiers.find((identifier) => identifier.system === MRN)!;
    const moved = await system.demographicDb.query(
      `UPDATE patient_identifiers SET value_encrypted = (SELECT value_encrypted FROM patient_identifiers WHERE patient_id = $1 AND system = $3)
       WHERE patient_id = $2 AND system = $3`,
      [ann.id, dan.id, MRN],
    );
    expect(moved.rowCount).toBe(1);

    for (const [target, client] of targets) {
      const response = await client.request(PATIENT_IDENTIFIERS, { id: dan.id });
      // identifiers is nullable (field-level authorisation), so only the field fails, not the patient
      expect(response).toEqual({
        status: 200,
        data: { patient: { id: dan.id, identifiers: null } },
        errors: [
          {
            message: 'Internal server error',
            path: ['patient', 'identifiers'],
            ...(target === 'gateway' ? {} : { locations: [expect.objectContaining({ line: 1 })] }),
            extensions: { code: 'INTERNAL_SERVER_ERROR' },
          },
        ],
      });
      const body = JSON.stringify(response);
      expect(body).not.toContain(annMrn.value);
      expect(body).not.toContain(dan.identifiers[0]!.value);
    }
    expect(await system.gateway.request(PATIENT_IDENTIFIERS, { id: ann.id })).toEqual({
      status: 200,
      data: { patient: { id: ann.id, identifiers: ann.identifiers } },
    });
  });
});
