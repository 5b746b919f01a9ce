import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANCA, HBA1C, labReportComposition } from '../../scripts/demo/compositions.ts';
import type { Database } from '../../subgraphs/kit/db/db.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import { castHeaders, commit, createEhr, expectDbUnchanged, expectOneError, linkEhr, registerPatient, snapshot, type Actor } from './support.ts';
import { type Headers } from '../kit/tokens.ts';

let system: TestSystem;
let cast: Record<Actor, Headers>;
let ehrId: string;
let secondEhrId: string;
let labUid: string;
let patientId: string;
let secondPatientId: string;

/** Everything personal the demographic service holds about the two patients, before and after an update. */
const PERSONAL = {
  names: ['Hypatia', 'Theonsdottir', 'Hypatie', 'Zenobia', 'Palmyrene'],
  birthDates: ['1962-03-08', '1963-04-09', '1971-07-17'],
  identifiers: ['MRN-77441', '999911120', 'MRN-77442', 'NHS-4857773456'],
};

const EVENT_FIELDS = 'id at requestId sub org roles action subjectType subjectIds allowed reason';
const AUDIT = `query($f: AuditEventFilter) { auditEvents(filter: $f, first: 100) { edges { node { ${EVENT_FIELDS} } } } }`;
const DEMOGRAPHIC_AUDIT = `query($f: AuditEventFilter) { demographicAuditEvents(filter: $f, first: 100) { edges { node { ${EVENT_FIELDS} } } } }`;

interface AuditEvent {
  id: string;
  at: string;
  requestId: string | null;
  sub: string;
  org: string | null;
  roles: string[];
  action: string;
  subjectType: string;
  subjectIds: string[];
  allowed: boolean;
  reason: string;
}

const nodes = (connection: { edges: { node: AuditEvent }[] }) => connection.edges.map((edge) => edge.node);

beforeAll(async () => {
  system = await startSystem({ sharedRedis: true });
  cast = await castHeaders(system);
  ehrId = (await createEhr(system.gateway, cast.clinicianA)).id;
  secondEhrId = (await createEhr(system.gateway, cast.clinicianA)).id;
  labUid = (await commit(system.gateway, cast.clinicianA, ehrId, labReportComposition([HBA1C(7.1), ANCA(40)], '2026-07-01T08:00:00Z'))).uid;
  patientId = await registerPatient(system.gateway, cast.registrar, {
    name: { given: ['Hypatia'], family: 'Theonsdottir' },
    birthDate: '1962-03-08',
    sex: 'FEMALE',
    identifiers: [
      { system: 'https://hospital.example/mrn', value: 'MRN-77441' },
      { system: 'urn:oid:2.16.840.1.113883.2.4.6.3', value: '999911120' },
    ],
  });
  secondPatientId = await registerPatient(system.gateway, cast.registrar, {
    name: { given: ['Zenobia'], family: 'Palmyrene' },
    birthDate: '1971-07-17',
    identifiers: [{ system: 'https://nhs.example/number', value: 'NHS-4857773456' }],
  });
  await linkEhr(system.gateway, cast.registrar, patientId, ehrId);
  await linkEhr(system.demographic, cast.registrar, secondPatientId, secondEhrId);

  // Reads that touch every kind of personal data, both ways across the link.
  const reads: [TestSystem['gateway'], string, Record<string, unknown>, Headers][] = [
    [
      system.gateway,
      `query($id: UUID!) { ehr(id: $id) { id subjectId patient { id name { given family } birthDate identifiers { system value } } } }`,
      { id: ehrId },
      cast.clinicianA,
    ],
    [
      system.gateway,
      `query($p: UUID!) { patient(id: $p) { name { family } birthDate identifiers { value } ehr { id compositions { edges { node { uid } } } } } }`,
      { p: patientId },
      cast.clinicianA,
    ],
    [system.gateway, `{ patients(name: "Hyp") { edges { node { id } } } }`, {}, cast.clinicianA],
    [system.gateway, `{ patients(birthDate: "1971-07-17") { edges { node { id } } } }`, {}, cast.registrar],
    [system.gateway, `{ patients(identifier: { system: "https://hospital.example/mrn", value: "MRN-77441" }) { edges { node { id } } } }`, {}, cast.registrar],
    [
      system.demographic,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Ehr { patient { id name { family } } } } }`,
      { r: [{ __typename: 'Ehr', id: secondEhrId }] },
      cast.clinicianA,
    ],
    [system.gateway, `query($u: String!) { composition(uid: $u) { uid entries { codes } } }`, { u: labUid }, cast.nurseA],
    // Refused reads: outside the network, and the link without `link`.
    [system.gateway, `query($id: UUID!) { ehr(id: $id) { id } }`, { id: ehrId }, cast.clinicianC],
    [system.gateway, `query($id: UUID!) { ehr(id: $id) { id patient { id } } }`, { id: ehrId }, cast.nurseA],
    [
      system.demographic,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Ehr { patient { id } } } }`,
      { r: [{ __typename: 'Ehr', id: secondEhrId }] },
      cast.researcher,
    ],
    [system.gateway, `query($p: UUID!) { patient(id: $p) { id } }`, { p: patientId }, cast.researcher],
  ];
  for (const [client, query, variables, headers] of reads) {
    const response = await client.request(query, variables, headers);
    expect(response.status).toBe(200);
  }
  const updated = await system.gateway.request(
    `mutation($p: UUID!, $i: PatientInput!) { updatePatient(id: $p, input: $i) { id } }`,
    {
      p: patientId,
      i: {
        name: { given: ['Hypatie'], family: 'Theonsdottir' },
        birthDate: '1963-04-09',
        identifiers: [{ system: 'https://hospital.example/mrn', value: 'MRN-77442' }],
      },
    },
    cast.registrar,
  );
  expect(updated.errors).toBeUndefined();
});

afterAll(async () => {
  await system?.stop();
});

describe('auditors read the whole audit trails', () => {
  it.each(['gateway', 'clinical'] as const)('%s: auditEvents lists who did what to which EHR, allowed or not, and why', async (target) => {
    const response = await system[target].request(AUDIT, { f: { subjectId: ehrId } }, cast.auditor);
    expect(response.errors).toBeUndefined();
    const events = nodes(response.data.auditEvents);
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          sub: 'dr-a',
          org: 'org-a',
          roles: ['clinician'],
          action: 'create',
          subjectType: 'Ehr',
          allowed: true,
          reason: 'clinicians open EHRs for their patients',
        }),
        expect.objectContaining({
          sub: 'dr-a',
          org: 'org-a',
          roles: ['clinician'],
          action: 'read',
          subjectType: 'Ehr',
          allowed: true,
          reason: 'clinicians read EHRs of their care network',
        }),
        expect.objectContaining({
          sub: 'dr-c',
          org: 'org-c',
          roles: ['clinician'],
          action: 'read',
          subjectType: 'Ehr',
          allowed: false,
          reason: 'no rule allows read on Ehr',
        }),
      ]),
    );
    for (const event of events) {
      expect(event.subjectIds).toContain(ehrId);
      expect(Number.isNaN(Date.parse(event.at))).toBe(false);
      expect(event.id).toMatch(/^\d+$/);
    }
    // The nurse's withheld ANCA entry is recorded as a refused read of that entry.
    const withheld = await system[target].request(AUDIT, { f: { sub: 'nurse-a', subjectType: 'Entry', allowed: false } }, cast.auditor);
    expect(nodes(withheld.data.auditEvents)).toEqual([
      expect.objectContaining({
        roles: ['nurse'],
        action: 'read',
        subjectIds: [`${labUid}#1`],
        reason: 'entries with restricted codes are withheld from nurses',
      }),
    ]);
    // Filters hold: only refusals of dr-c.
    const refused = await system[target].request(AUDIT, { f: { sub: 'dr-c', allowed: false } }, cast.auditor);
    const refusals = nodes(refused.data.auditEvents);
    expect(refusals.length).toBeGreaterThan(0);
    for (const event of refusals) expect(event).toMatchObject({ sub: 'dr-c', allowed: false });
  });

  it.each(['gateway', 'demographic'] as const)(
    '%s: demographicAuditEvents lists registrations, reads and refused link traversals by patient id',
    async (target) => {
      const response = await system[target].request(DEMOGRAPHIC_AUDIT, {}, cast.auditor);
      expect(response.errors).toBeUndefined();
      const events = nodes(response.data.demographicAuditEvents);
      expect(events).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            sub: 'registrar-a',
            org: 'org-a',
            roles: ['registrar'],
            action: 'create',
            subjectType: 'Patient',
            subjectIds: [patientId],
            allowed: true,
          }),
          expect.objectContaining({ sub: 'registrar-a', action: 'update', subjectType: 'Patient', subjectIds: [patientId], allowed: true }),
          expect.objectContaining({ sub: 'dr-a', action: 'link', subjectType: 'Patient', allowed: true }),
          expect.objectContaining({
            sub: 'nurse-a',
            roles: ['nurse'],
            action: 'link',
            subjectType: 'Patient',
            subjectIds: [],
            allowed: false,
            reason: 'no rule allows link on Patient',
          }),
          expect.objectContaining({
            sub: 'researcher-r',
            roles: ['researcher'],
            action: 'read',
            subjectType: 'Patient',
            subjectIds: [patientId],
            allowed: false,
          }),
        ]),
      );
    },
  );

  it.each([
    ['gateway', AUDIT, 'auditEvents'],
    ['clinical', AUDIT, 'auditEvents'],
    ['gateway', DEMOGRAPHIC_AUDIT, 'demographicAuditEvents'],
    ['demographic', DEMOGRAPHIC_AUDIT, 'demographicAuditEvents'],
  ] as const)("%s: an organisation's admin reads only the events of that organisation's callers (%s)", async (target, query, field) => {
    const everything = nodes((await system[target].request(query, {}, cast.auditor)).data[field]);
    const orgs = new Set(everything.map((event) => event.org));
    expect(orgs.size).toBeGreaterThan(1);
    for (const [admin, org] of [
      ['admin', 'org-a'],
      ['adminC', 'org-c'],
    ] as const) {
      const response = await system[target].request(query, {}, cast[admin]);
      expect(response.errors).toBeUndefined();
      const seen = nodes(response.data[field]);
      expect(seen.map((event) => event.id)).toEqual(everything.filter((event) => event.org === org).map((event) => event.id));
      // Filters cannot widen it: asking for another organisation's caller by name gives nothing.
      const other = everything.find((event) => event.org !== org && event.org !== null);
      if (other) expect(nodes((await system[target].request(query, { f: { sub: other.sub } }, cast[admin])).data[field])).toEqual([]);
    }
  });

  const NON_ADMINS = ['clinicianA', 'nurseA', 'researcher', 'registrar', 'noRoles'] as const;
  const CASES = [
    ...NON_ADMINS.flatMap((actor) => [
      { actor, target: 'gateway' as const, query: AUDIT, field: 'auditEvents' },
      { actor, target: 'clinical' as const, query: AUDIT, field: 'auditEvents' },
      { actor, target: 'gateway' as const, query: DEMOGRAPHIC_AUDIT, field: 'demographicAuditEvents' },
      { actor, target: 'demographic' as const, query: DEMOGRAPHIC_AUDIT, field: 'demographicAuditEvents' },
    ]),
  ];
  it.each(CASES)('$target: $field is FORBIDDEN for $actor', async ({ actor, target, query, field }) => {
    const response = await system[target].request(query, {}, cast[actor]);
    expectOneError(response, 'FORBIDDEN', [field]);
    expect(response.data).toBeNull();
  });
});

describe.each(['clinical', 'demographic'] as const)('the %s audit trail is append-only in the database', (service) => {
  const db = (): Database => (service === 'clinical' ? system.clinicalDb : system.demographicDb);

  it.each([
    ['UPDATE audit_events SET allowed = true', 'UPDATE'],
    ['UPDATE audit_events SET reason = $$tidied$$ WHERE id = (SELECT max(id) FROM audit_events)', 'UPDATE'],
    ['DELETE FROM audit_events', 'DELETE'],
    ['DELETE FROM audit_events WHERE NOT allowed', 'DELETE'],
    ['TRUNCATE audit_events', 'TRUNCATE'],
  ])('%s fails and changes nothing', async (sql, operation) => {
    const before = await snapshot(db());
    expect(before.audit.count).toBeGreaterThan(3);
    await expect(db().query(sql)).rejects.toThrow(`audit_events is append-only: ${operation} is not allowed`);
    await expectDbUnchanged(db(), before, 'unchanged');
  });
});

describe('the demographic audit trail holds no personal data', () => {
  it('no name, birth date, identifier value or EHR id in any column of any row', async () => {
    const rows = (await system.demographicDb.query<{ row: string }>(`SELECT to_jsonb(a)::text AS row FROM audit_events a ORDER BY id`)).rows.map(
      (row) => row.row,
    );
    expect(rows.length).toBeGreaterThan(10);
    // The trail does name the patients, by their random ids (so the scan looks at the right rows).
    expect(rows.some((row) => row.includes(patientId))).toBe(true);
    expect(rows.some((row) => row.includes(secondPatientId))).toBe(true);
    const forbidden = [...PERSONAL.names, ...PERSONAL.birthDates, ...PERSONAL.identifiers, ehrId, secondEhrId];
    for (const row of rows) {
      for (const value of forbidden) expect(row.toLowerCase(), `audit row ${row}`).not.toContain(value.toLowerCase());
    }
  });

  it("a request id carrying free text (a name, a birth date) never reaches a trail: only plain tokens are kept, as the caller's id", async () => {
    const sneaky = 'Hypatia Theonsdottir 1962-03-08';
    const plain = 'ticket-42.retry:1';
    for (const requestId of [sneaky, plain]) {
      await system.gateway.request(
        `query($id: UUID!) { patient(id: $id) { id } ehr(id: "${ehrId}") { id } }`,
        { id: patientId },
        {
          ...cast.clinicianA,
          'x-request-id': requestId,
        },
      );
      await system.demographic.request(`query($id: UUID!) { patient(id: $id) { id } }`, { id: patientId }, { ...cast.clinicianA, 'x-request-id': requestId });
    }
    for (const db of [system.clinicalDb, system.demographicDb]) {
      const ids = (
        await db.query<{ id: string }>(
          'SELECT request_id AS id FROM audit_events UNION SELECT caller_request_id FROM audit_events WHERE caller_request_id IS NOT NULL',
        )
      ).rows.map((row) => row.id);
      // A plain token sent straight to a subgraph is kept as the caller's id (the gateway forwards its own instead).
      if (db === system.demographicDb) expect(ids).toContain(plain);
      expect(ids.some((id) => id.includes('Hypatia') || id.includes(' '))).toBe(false);
    }
  });

  it('the clinical trail holds none of it either (it never sees demographics)', async () => {
    const text = (await system.clinicalDb.query<{ row: string }>(`SELECT to_jsonb(a)::text AS row FROM audit_events a`)).rows
      .map((row) => row.row)
      .join('\n')
      .toLowerCase();
    expect(text).toContain(ehrId);
    for (const value of [...PERSONAL.names, ...PERSONAL.birthDates, ...PERSONAL.identifiers, patientId, secondPatientId])
      expect(text).not.toContain(value.toLowerCase());
  });
});
