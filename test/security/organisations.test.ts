/**
 * A network of three organisations: org-a and org-b share the care network `north`, org-c is
 * outside. Patients belong to the organisation that registered them and are shared through the
 * network; a link needs `link` on the patient and a readable EHR in the clinical service; creating
 * an EHR never answers from another organisation's EHRs. Out of scope answers as not found, worded
 * exactly as for nothing at all, through the gateway and the direct subgraphs.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLResponse } from '../kit/graphql-client.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import type { Headers, TokenClaims } from '../kit/tokens.ts';
import { createEhr, expectNothingStored, expectOneError, headersFor, linkEhr, registerPatient, systemSnapshot } from './support.ts';

const NATIONAL = 'urn:oid:2.16.840.1.113883.2.4.6.3';
const SHARED_ID = { system: NATIONAL, value: '999-000-313' };

const PEOPLE = {
  registrarA: { sub: 'reg-a', org: 'org-a', roles: ['registrar'] },
  registrarB: { sub: 'reg-b', org: 'org-b', roles: ['registrar'] },
  registrarC: { sub: 'reg-c', org: 'org-c', roles: ['registrar'] },
  registrarD: { sub: 'reg-d', org: 'org-d', roles: ['registrar'] },
  clinicianA: { sub: 'dr-a', org: 'org-a', roles: ['clinician'] },
  clinicianB: { sub: 'dr-b', org: 'org-b', roles: ['clinician'] },
  clinicianC: { sub: 'dr-c', org: 'org-c', roles: ['clinician'] },
  /** A registrar and clinician of org-c, as in the issue: everything org-c may do, nothing of org-a. */
  staffC: { sub: 'staff-c', org: 'org-c', roles: ['registrar', 'clinician'] },
  adminA: { sub: 'admin-a', org: 'org-a', roles: ['admin'] },
  adminC: { sub: 'admin-c', org: 'org-c', roles: ['admin'] },
} satisfies Record<string, TokenClaims>;
type Person = keyof typeof PEOPLE;

let system: TestSystem;
let as: Record<Person, Headers>;
let ehrA: { id: string; subjectId: string };
let ehrB: { id: string; subjectId: string };
let ehrC: { id: string; subjectId: string };
let patientA: string;
let patientB: string;
let patientC: string;

const PATIENT = `query($id: UUID!) { patient(id: $id) { id managingOrganisation name { family } identifiers { system value } } }`;
const PATIENTS = `query { patients(first: 100) { edges { node { id managingOrganisation } } } }`;
const BY_IDENTIFIER = `query($i: IdentifierInput!) { patients(identifier: $i) { edges { node { id managingOrganisation } } } }`;
const UPDATE = `mutation($id: UUID!, $i: PatientInput!) { updatePatient(id: $id, input: $i) { id name { family } } }`;
const LINK = `mutation($p: UUID!, $e: UUID!) { linkEhr(patientId: $p, ehrId: $e) { id } }`;
const TRANSFER = `mutation($id: UUID!, $org: String!) { transferPatient(id: $id, org: $org) }`;
const REGISTER = `mutation($i: PatientInput!) { registerPatient(input: $i) { id managingOrganisation } }`;
const CREATE_EHR = `mutation($s: UUID) { createEhr(subjectId: $s) { id subjectId } }`;
const EHR_PATIENT = `query($id: UUID!) { ehr(id: $id) { id patient { id } } }`;

beforeAll(async () => {
  system = await startSystem();
  as = Object.fromEntries(await Promise.all(Object.entries(PEOPLE).map(async ([who, claims]) => [who, await headersFor(system, claims)]))) as Record<
    Person,
    Headers
  >;
  ehrA = await createEhr(system.gateway, as.clinicianA);
  ehrB = await createEhr(system.gateway, as.clinicianB);
  ehrC = await createEhr(system.gateway, as.clinicianC);
  patientA = await registerPatient(system.gateway, as.registrarA, { name: { family: 'Alpha' }, identifiers: [SHARED_ID] });
  patientB = await registerPatient(system.gateway, as.registrarB, { name: { family: 'Bravo' } });
  // Two organisations may each register the same national id.
  patientC = await registerPatient(system.gateway, as.registrarC, { name: { family: 'Charlie' }, identifiers: [SHARED_ID] });
  await linkEhr(system.gateway, as.registrarA, patientA, ehrA.id);
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

/** The answer with `id` replaced, to compare an answer about another organisation's object with one about nothing at all. */
const withoutId = (response: GraphQLResponse, id: string) => JSON.parse(JSON.stringify(response).replaceAll(id, '<id>'));

const ids = (response: GraphQLResponse<{ patients: { edges: { node: { id: string } }[] } }>) =>
  (response.data?.patients.edges ?? []).map((edge) => edge.node.id);

describe.each(['gateway', 'demographic'] as const)('%s: patients belong to organisations', (target) => {
  const client = () => system[target];

  it('a patient carries the registering caller’s organisation; the care network shares it, org-c sees nothing', async () => {
    const ownView = await client().request(PATIENT, { id: patientA }, as.registrarA);
    expect(ownView.data.patient).toEqual({ id: patientA, managingOrganisation: 'org-a', name: { family: 'Alpha' }, identifiers: [SHARED_ID] });
    expect((await client().request(PATIENT, { id: patientA }, as.clinicianB)).data.patient.identifiers).toEqual([SHARED_ID]);
    for (const who of ['registrarC', 'clinicianC', 'staffC', 'adminC', 'adminA'] as const) {
      const response = await client().request(PATIENT, { id: patientA }, as[who]);
      expect(response, who).toEqual({ status: 200, data: { patient: null } });
    }
  });

  it('lists hold the care network’s patients only (the rules run in the SQL)', async () => {
    expect(ids(await client().request(PATIENTS, {}, as.clinicianA)).sort()).toEqual([patientA, patientB].sort());
    expect(ids(await client().request(PATIENTS, {}, as.registrarB)).sort()).toEqual([patientA, patientB].sort());
    expect(ids(await client().request(PATIENTS, {}, as.staffC))).toEqual([patientC]);
    expect(ids(await client().request(PATIENTS, {}, as.registrarD))).toEqual([]);
  });

  it('search by identifier finds the caller’s network’s patient only, never another organisation’s with the same id', async () => {
    expect(ids(await client().request(BY_IDENTIFIER, { i: SHARED_ID }, as.clinicianB))).toEqual([patientA]);
    expect(ids(await client().request(BY_IDENTIFIER, { i: SHARED_ID }, as.staffC))).toEqual([patientC]);
    expect(ids(await client().request(BY_IDENTIFIER, { i: SHARED_ID }, as.registrarD))).toEqual([]);
  });

  it('updatePatient of another organisation’s patient is NOT_FOUND exactly as for no patient; nothing stored', async () => {
    const input = { name: { family: 'Overwritten' }, identifiers: [{ system: NATIONAL, value: 'stolen' }] };
    const before = await systemSnapshot(system);
    const response = await client().request(UPDATE, { id: patientA, i: input }, as.staffC);
    expectOneError(response, 'NOT_FOUND', ['updatePatient']);
    await expectNothingStored(system, before, target === 'gateway' ? 'any' : { clinical: 'unchanged', demographic: 'grew' });
    const nowhere = randomUUID();
    expect(withoutId(response, patientA)).toEqual(withoutId(await client().request(UPDATE, { id: nowhere, i: input }, as.staffC), nowhere));
    // A registrar of the same network sees the patient but does not maintain it.
    expectOneError(await client().request(UPDATE, { id: patientA, i: input }, as.registrarB), 'FORBIDDEN', ['updatePatient']);
    expect((await client().request(PATIENT, { id: patientA }, as.registrarA)).data.patient.name).toEqual({ family: 'Alpha' });
  });

  it('an identifier is unique per organisation: a duplicate is CONFLICT in its own organisation and names no patient', async () => {
    const before = await systemSnapshot(system);
    const duplicate = await client().request(REGISTER, { i: { name: { family: 'Again' }, identifiers: [SHARED_ID] } }, as.registrarA);
    expectOneError(duplicate, 'CONFLICT', ['registerPatient']);
    expect(JSON.stringify(duplicate)).not.toContain(patientA);
    await expectNothingStored(system, before, 'any');
    const newcomer = await headersFor(system, { sub: 'reg-e', org: `org-e-${target}`, roles: ['registrar'] });
    const elsewhere = await client().request(REGISTER, { i: { name: { family: 'Echo' }, identifiers: [SHARED_ID] } }, newcomer);
    expect(elsewhere.errors).toBeUndefined();
    expect(elsewhere.data.registerPatient.managingOrganisation).toBe(`org-e-${target}`);
  });

  it('a caller without an organisation registers no patient', async () => {
    const orgless = await headersFor(system, { sub: 'reg-x', org: null, roles: ['registrar'] });
    const before = await systemSnapshot(system);
    expectOneError(await client().request(REGISTER, { i: { name: { family: 'Nobody' } } }, orgless), 'FORBIDDEN', ['registerPatient']);
    await expectNothingStored(system, before, 'any');
  });
});

describe.each(['gateway', 'demographic'] as const)('%s: links need both sides', (target) => {
  const client = () => system[target];

  it('linking a patient to an EHR the caller cannot read is NOT_FOUND, exactly as an unknown EHR; nothing linked', async () => {
    const before = await systemSnapshot(system);
    const refused = await client().request(LINK, { p: patientC, e: ehrA.id }, as.staffC);
    expectOneError(refused, 'NOT_FOUND', ['linkEhr']);
    await expectNothingStored(system, before, 'any');
    const nowhere = randomUUID();
    expect(withoutId(refused, ehrA.id)).toEqual(withoutId(await client().request(LINK, { p: patientC, e: nowhere }, as.staffC), nowhere));
  });

  it('linking another organisation’s patient is NOT_FOUND, exactly as an unknown patient', async () => {
    const refused = await client().request(LINK, { p: patientA, e: ehrC.id }, as.staffC);
    expectOneError(refused, 'NOT_FOUND', ['linkEhr']);
    const nowhere = randomUUID();
    expect(withoutId(refused, patientA)).toEqual(withoutId(await client().request(LINK, { p: nowhere, e: ehrC.id }, as.staffC), nowhere));
  });

  it('a registrar of the network sees a network EHR but links only its own organisation’s patients', async () => {
    expectOneError(await client().request(LINK, { p: patientA, e: ehrB.id }, as.registrarB), 'FORBIDDEN', ['linkEhr']);
  });

  it('a clinician follows links but never sets one, not even between its own network’s patient and EHR', async () => {
    const unlinked = await registerPatient(system.gateway, as.registrarA, { name: { family: `Unlinked-${target}` } });
    const freshA = await createEhr(system.gateway, as.clinicianA);
    const before = await systemSnapshot(system);
    for (const [clinician, ehr] of [
      [as.clinicianA, freshA.id],
      [as.clinicianB, ehrB.id],
    ] as const) {
      expectOneError(await client().request(LINK, { p: unlinked, e: ehr }, clinician), 'FORBIDDEN', ['linkEhr']);
    }
    await expectNothingStored(system, before, 'any');
    expect((await client().request(LINK, { p: unlinked, e: freshA.id }, as.registrarA)).data).toEqual({ linkEhr: { id: unlinked } });
  });

  it('the refused link is in the demographic audit trail, without the EHR id', async () => {
    const rows = await system.demographicDb.query<{ subjectIds: string[]; allowed: boolean; text: string }>(
      `SELECT subject_ids AS "subjectIds", allowed, to_jsonb(a)::text AS text FROM audit_events a WHERE action = 'link:ehr' AND sub = 'staff-c'`,
    );
    expect(rows.rows.length).toBeGreaterThan(0);
    expect(rows.rows.every((row) => !row.allowed && row.subjectIds.includes(patientC))).toBe(true);
    expect(rows.rows.some((row) => row.text.includes(ehrA.id))).toBe(false);
  });
});

describe('links and EHR → patient across organisations', () => {
  it('org-c links its own patient to its own EHR; org-a never sees that patient under its EHR, org-c never sees org-a’s', async () => {
    await linkEhr(system.demographic, as.staffC, patientC, ehrC.id);
    expect((await system.gateway.request(EHR_PATIENT, { id: ehrA.id }, as.clinicianA)).data.ehr).toEqual({ id: ehrA.id, patient: { id: patientA } });
    expect((await system.gateway.request(EHR_PATIENT, { id: ehrA.id }, as.clinicianB)).data.ehr).toEqual({ id: ehrA.id, patient: { id: patientA } });
    expect(await system.gateway.request(EHR_PATIENT, { id: ehrC.id }, as.clinicianA)).toEqual({ status: 200, data: { ehr: null } });
    expect(await system.gateway.request(EHR_PATIENT, { id: ehrA.id }, as.staffC)).toEqual({ status: 200, data: { ehr: null } });
  });

  it('the demographic subgraph’s Ehr.patient (the gateway’s _entities call) is null for a patient out of scope', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Ehr { id patient { id } } } }`;
    const representations = [
      { __typename: 'Ehr', id: ehrA.id },
      { __typename: 'Ehr', id: ehrC.id },
    ];
    expect((await system.demographic.request(query, { r: representations }, as.staffC)).data._entities).toEqual([
      { id: ehrA.id, patient: null },
      { id: ehrC.id, patient: { id: patientC } },
    ]);
    expect((await system.demographic.request(query, { r: representations }, as.clinicianB)).data._entities).toEqual([
      { id: ehrA.id, patient: { id: patientA } },
      { id: ehrC.id, patient: null },
    ]);
  });
});

describe.each(['gateway', 'demographic'] as const)('%s: moving a patient to another organisation', (target) => {
  const client = () => system[target];

  it('only an admin of its organisation moves it; others get NOT_FOUND (cannot see it) or FORBIDDEN (can)', async () => {
    const moving = await registerPatient(system.gateway, as.registrarA, { name: { family: `Moving-${target}` } });
    const nowhere = randomUUID();
    const outside = await client().request(TRANSFER, { id: moving, org: 'org-c' }, as.adminC);
    expectOneError(outside, 'NOT_FOUND', ['transferPatient']);
    expect(withoutId(outside, moving)).toEqual(withoutId(await client().request(TRANSFER, { id: nowhere, org: 'org-c' }, as.adminC), nowhere));
    expectOneError(await client().request(TRANSFER, { id: moving, org: 'org-c' }, as.registrarA), 'FORBIDDEN', ['transferPatient']);
    expect(await client().request(TRANSFER, { id: moving, org: 'org-b' }, as.adminA)).toEqual({ status: 200, data: { transferPatient: true } });
    expect((await client().request(PATIENT, { id: moving }, as.registrarB)).data.patient.managingOrganisation).toBe('org-b');
    // org-a still sees it (same network) but no longer maintains or moves it.
    expectOneError(await client().request(UPDATE, { id: moving, i: { name: { family: 'X' } } }, as.registrarA), 'FORBIDDEN', ['updatePatient']);
    expectOneError(await client().request(TRANSFER, { id: moving, org: 'org-a' }, as.adminA), 'NOT_FOUND', ['transferPatient']);
  });

  it('a move into a network organisation that has one of its identifiers is a CONFLICT and changes nothing', async () => {
    const clash = await registerPatient(system.gateway, as.registrarA, {
      name: { family: `Clash-${target}` },
      identifiers: [{ system: NATIONAL, value: `clash-${target}` }],
    });
    await registerPatient(system.gateway, as.registrarB, { name: { family: 'Holder' }, identifiers: [{ system: NATIONAL, value: `clash-${target}` }] });
    const before = await systemSnapshot(system);
    expectOneError(await client().request(TRANSFER, { id: clash, org: 'org-b' }, as.adminA), 'CONFLICT', ['transferPatient']);
    await expectNothingStored(system, before, 'any');
    expect((await client().request(PATIENT, { id: clash }, as.registrarA)).data.patient.managingOrganisation).toBe('org-a');
  });

  it('a move out of the care network is refused the same whether or not the target holds one of its identifiers', async () => {
    const register = (family: string, value: string) =>
      registerPatient(system.gateway, as.registrarA, { name: { family }, identifiers: [{ system: NATIONAL, value }] });
    const held = await register(`Held-${target}`, `held-out-${target}`);
    const free = await register(`Free-${target}`, `free-out-${target}`);
    await registerPatient(system.gateway, as.registrarC, { name: { family: 'Outside' }, identifiers: [{ system: NATIONAL, value: `held-out-${target}` }] });
    const before = await systemSnapshot(system);
    const refusedHeld = await client().request(TRANSFER, { id: held, org: 'org-c' }, as.adminA);
    const refusedFree = await client().request(TRANSFER, { id: free, org: 'org-c' }, as.adminA);
    expectOneError(refusedHeld, 'FORBIDDEN', ['transferPatient']);
    expect(withoutId(refusedHeld, held)).toEqual(withoutId(refusedFree, free));
    await expectNothingStored(system, before, 'any');
    const denied = await system.demographicDb.query<{ subjectIds: string[] }>(
      `SELECT subject_ids AS "subjectIds" FROM audit_events WHERE action = 'update:org' AND sub = 'admin-a' AND NOT allowed AND reason LIKE '%outside%'`,
    );
    expect(denied.rows.flatMap((row) => row.subjectIds)).toEqual(expect.arrayContaining([held, free]));
  });
});

describe.each(['gateway', 'clinical'] as const)('%s: createEhr without an oracle', (target) => {
  const client = () => system[target];

  it('org-c creates an EHR for a subject org-a has one for, exactly as for a fresh subject; each finds its own', async () => {
    const subject = randomUUID();
    const first = await client().request(CREATE_EHR, { s: subject }, as.clinicianA);
    expect(first.errors).toBeUndefined();
    const before = await systemSnapshot(system);
    const taken = await client().request(CREATE_EHR, { s: subject }, as.clinicianC);
    const fresh = randomUUID();
    const untaken = await client().request(CREATE_EHR, { s: fresh }, as.clinicianC);
    expect(taken.errors).toBeUndefined();
    const shape = (response: GraphQLResponse) => ({ status: response.status, keys: Object.keys(response.data?.createEhr ?? {}), errors: response.errors });
    expect(shape(taken)).toEqual(shape(untaken));
    expect(await system.clinicalDb.query('SELECT org FROM ehrs WHERE subject_id = $1 ORDER BY org', [subject])).toMatchObject({
      rows: [{ org: 'org-a' }, { org: 'org-c' }],
    });
    expect(before.clinical.tables['ehrs']).toBeGreaterThan(0);
    const bySubject = `query($s: UUID!) { ehrBySubject(subjectId: $s) { id } }`;
    expect((await client().request(bySubject, { s: subject }, as.clinicianA)).data.ehrBySubject).toEqual({ id: first.data.createEhr.id });
    expect((await client().request(bySubject, { s: subject }, as.clinicianC)).data.ehrBySubject).toEqual({ id: taken.data.createEhr.id });
  });

  it('a second EHR in the caller’s own organisation is a CONFLICT; nothing stored', async () => {
    const subject = randomUUID();
    expect((await client().request(CREATE_EHR, { s: subject }, as.clinicianC)).errors).toBeUndefined();
    const before = await systemSnapshot(system);
    expectOneError(await client().request(CREATE_EHR, { s: subject }, as.clinicianC), 'CONFLICT', ['createEhr']);
    await expectNothingStored(system, before, 'any');
  });

  it('org-c cannot claim a subject id before org-a', async () => {
    const subject = randomUUID();
    expect((await client().request(CREATE_EHR, { s: subject }, as.clinicianC)).errors).toBeUndefined();
    expect((await client().request(CREATE_EHR, { s: subject }, as.clinicianA)).errors).toBeUndefined();
  });
});

describe('a link the clinical service cannot confirm', () => {
  it('fails closed with SERVICE_UNAVAILABLE while the clinical subgraph is down; nothing linked', async () => {
    const patient = await registerPatient(system.demographic, as.registrarA, { name: { family: 'Waiting' } });
    const ehr = await createEhr(system.clinical, as.clinicianA);
    await system.stopSubgraph('clinical');
    try {
      const before = await systemSnapshot(system);
      expectOneError(await system.demographic.request(LINK, { p: patient, e: ehr.id }, as.registrarA), 'SERVICE_UNAVAILABLE', ['linkEhr']);
      await expectNothingStored(system, before, 'any');
    } finally {
      await system.startSubgraph('clinical');
    }
    expect((await system.demographic.request(LINK, { p: patient, e: ehr.id }, as.registrarA)).data).toEqual({ linkEhr: { id: patient } });
  });
});
