import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANCA, bloodPressureComposition, HBA1C, labReportComposition } from '../../scripts/demo/compositions.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import {
  castHeaders,
  COMMIT,
  commit,
  createEhr,
  DELETE,
  expectDbUnchanged,
  expectNothingStored,
  expectOneError,
  headersFor,
  registerPatient,
  systemSnapshot,
  UPDATE,
  type Actor,
  type SystemSnapshot,
} from './support.ts';
import { type Headers } from '../kit/tokens.ts';

let system: TestSystem;
let cast: Record<Actor, Headers>;
let ehrA1: string;
let ehrA2: string;
/** A vital-signs composition that also holds an ANCA lab result (written by a clinician). */
let ancaVitals: string;
let a1Lab: string;
let a2Vitals: string;
let patientId: string;

const VITALS = 'demo.vital_signs.v1';
const vitals = () => bloodPressureComposition(118, 76, '2026-06-01T08:00:00Z');
const hba1cReport = () => labReportComposition([HBA1C(6.8)], '2026-06-01T09:00:00Z');

/** The blood pressure composition with the lab report's ANCA observation appended to its content. */
function vitalsWithAnca() {
  const document = vitals();
  const ancaEntry = (labReportComposition([ANCA(80)], '2026-06-01T08:00:00Z').content as unknown[])[0];
  document.content = [...(document.content as unknown[]), ancaEntry];
  return document;
}

const CREATE_EHR = `mutation { createEhr { id } }`;

beforeAll(async () => {
  system = await startSystem({ sharedRedis: true });
  cast = await castHeaders(system);
  ehrA1 = (await createEhr(system.gateway, cast.clinicianA)).id;
  ehrA2 = (await createEhr(system.gateway, cast.clinicianA)).id;
  ancaVitals = (await commit(system.gateway, cast.clinicianA, ehrA1, vitalsWithAnca())).uid;
  a1Lab = (await commit(system.gateway, cast.clinicianA, ehrA1, labReportComposition([HBA1C(7.0), ANCA(20)], '2026-06-02T08:00:00Z'))).uid;
  a2Vitals = (await commit(system.gateway, cast.clinicianA, ehrA2, vitals())).uid;
  patientId = await registerPatient(system.gateway, cast.registrar, { name: { given: ['Elizabeth'], family: 'Blackwell' } });
});

afterAll(async () => {
  await system?.stop();
});

/** Rows added to each clinical table since `before`. */
async function clinicalGrowth(before: SystemSnapshot): Promise<Record<string, number>> {
  await expectDbUnchanged(system.demographicDb, before.demographic, 'unchanged');
  const after = await systemSnapshot(system);
  return Object.fromEntries(Object.entries(after.clinical.tables).map(([table, count]) => [table, count - (before.clinical.tables[table] ?? 0)]));
}

/** One new vital-signs composition with one entry (systolic and diastolic: two numeric values), none anywhere else. */
const ONE_COMPOSITION: Record<string, number> = { composition_versions: 1, contributions: 1, entries: 1, numeric_values: 2 };
const oneComposition = (growth: Record<string, number>) => Object.fromEntries(Object.keys(growth).map((table) => [table, ONE_COMPOSITION[table] ?? 0]));

/** A refused clinical write: FORBIDDEN (with these extensions when given), no data, nothing stored, the refusal audited. */
async function expectRefusedWrite(
  target: 'gateway' | 'clinical',
  query: string,
  variables: Record<string, unknown>,
  headers: Headers,
  field: string,
  extensions?: Record<string, unknown>,
): Promise<void> {
  const before = await systemSnapshot(system);
  const response = await system[target].request(query, variables, headers);
  expectOneError(response, 'FORBIDDEN', [field]);
  if (extensions) expect(response.errors?.[0]?.extensions).toMatchObject(extensions);
  expect(response.data).toBeNull();
  await expectNothingStored(system, before, { clinical: 'grew', demographic: 'unchanged' });
}

describe.each(['gateway', 'clinical'] as const)('%s: what a nurse may write', (target) => {
  it('commits a vital-signs composition (a nursing template)', async () => {
    const before = await systemSnapshot(system);
    const response = await system[target].request(COMMIT, { e: ehrA1, c: vitals() }, cast.nurseA);
    expect(response.errors).toBeUndefined();
    expect(response.data.commitComposition.templateId).toBe(VITALS);
    const growth = await clinicalGrowth(before);
    expect(growth).toEqual(oneComposition(growth));
    expect(Object.keys(growth)).toEqual(expect.arrayContaining(Object.keys(ONE_COMPOSITION)));
  });

  it('cannot commit a lab report (not a nursing template): FORBIDDEN, nothing stored', async () => {
    await expectRefusedWrite(target, COMMIT, { e: ehrA1, c: hba1cReport() }, cast.nurseA, 'commitComposition', { action: 'create', subject: 'Composition' });
  });

  it('cannot commit vital signs that also hold an ANCA entry (may only write what she can read in full)', async () => {
    await expectRefusedWrite(target, COMMIT, { e: ehrA1, c: vitalsWithAnca() }, cast.nurseA, 'commitComposition', { action: 'write', subject: 'Composition' });
  });

  it('cannot update or delete a composition whose stored content holds an ANCA entry, even with harmless new content', async () => {
    await expectRefusedWrite(target, UPDATE, { p: ancaVitals, c: vitals() }, cast.nurseA, 'updateComposition');
    await expectRefusedWrite(target, DELETE, { p: ancaVitals }, cast.nurseA, 'deleteComposition');
  });
});

describe.each(['gateway', 'clinical'] as const)('%s: token scopes only narrow what the roles allow', (target) => {
  it('a researcher with user/composition-*.crud cannot commit (a scope cannot widen a role)', async () => {
    const headers = await headersFor(system, { sub: 'researcher-r', org: 'uni-r', roles: ['researcher'], scope: 'user/composition-*.crud' });
    await expectRefusedWrite(target, COMMIT, { e: ehrA1, c: vitals() }, headers, 'commitComposition', { action: 'create', subject: 'Composition' });
    await expectRefusedWrite(target, UPDATE, { p: a2Vitals, c: vitals() }, headers, 'updateComposition');
  });

  it('a nurse with user/composition-*.crud still cannot commit a lab report', async () => {
    const headers = await headersFor(system, { sub: 'nurse-a', org: 'org-a', roles: ['nurse'], scope: 'user/composition-*.crud' });
    await expectRefusedWrite(target, COMMIT, { e: ehrA1, c: hba1cReport() }, headers, 'commitComposition', { action: 'create', subject: 'Composition' });
  });

  it('a clinician with the read-only scope user/composition-demo.vital_signs.v1.r cannot commit vital signs, and reads only vital signs', async () => {
    const headers = await headersFor(system, { sub: 'dr-a', org: 'org-a', roles: ['clinician'], scope: `user/composition-${VITALS}.r` });
    await expectRefusedWrite(target, COMMIT, { e: ehrA1, c: vitals() }, headers, 'commitComposition', { action: 'create', subject: 'Composition' });
    const read = await system[target].request(
      `query($v: String!, $l: String!) { vitals: composition(uid: $v) { uid } lab: composition(uid: $l) { uid } }`,
      { v: a2Vitals, l: a1Lab },
      headers,
    );
    expect(read).toEqual({ status: 200, data: { vitals: { uid: a2Vitals }, lab: null } });
  });

  it('with user/composition-demo.vital_signs.v1.cr the same clinician commits vital signs', async () => {
    const headers = await headersFor(system, { sub: 'dr-a', org: 'org-a', roles: ['clinician'], scope: `user/composition-${VITALS}.cr` });
    const before = await systemSnapshot(system);
    const response = await system[target].request(COMMIT, { e: ehrA1, c: vitals() }, headers);
    expect(response.errors).toBeUndefined();
    expect(response.data.commitComposition.templateId).toBe(VITALS);
    const growth = await clinicalGrowth(before);
    expect(growth).toEqual(oneComposition(growth));
    expect(Object.keys(growth)).toEqual(expect.arrayContaining(Object.keys(ONE_COMPOSITION)));
    // …and still no lab report.
    await expectRefusedWrite(target, COMMIT, { e: ehrA1, c: hba1cReport() }, headers, 'commitComposition', { action: 'create', subject: 'Composition' });
  });

  it("patient/composition-*.r with an ehrId claim reads that EHR's compositions only, and writes nothing", async () => {
    const headers = await headersFor(system, { sub: 'app-1', org: 'org-a', roles: ['clinician'], scope: 'patient/composition-*.r', ehrId: ehrA1 });
    const own = await system[target].request(
      `query($id: UUID!, $u: String!) { ehr(id: $id) { id compositions(first: 100) { edges { node { uid } } } } composition(uid: $u) { uid } }`,
      { id: ehrA1, u: a1Lab },
      headers,
    );
    expect(own.errors).toBeUndefined();
    expect(own.data.ehr.id).toBe(ehrA1);
    expect(own.data.ehr.compositions.edges.map((edge: { node: { uid: string } }) => edge.node.uid)).toContain(a1Lab);
    expect(own.data.composition).toEqual({ uid: a1Lab });
    const other = await system[target].request(
      `query($id: UUID!, $u: String!, $o: UUID!) { ehr(id: $id) { id } composition(uid: $u) { uid } compositionVersions(objectId: $o) { uid } }`,
      { id: ehrA2, u: a2Vitals, o: a2Vitals.split('::')[0] },
      headers,
    );
    expect(other).toEqual({ status: 200, data: { ehr: null, composition: null, compositionVersions: [] } });
    await expectRefusedWrite(target, COMMIT, { e: ehrA1, c: vitals() }, headers, 'commitComposition', { action: 'create', subject: 'Composition' });
    await expectRefusedWrite(target, CREATE_EHR, {}, headers, 'createEhr');
  });

  it('patient/composition-*.r without an ehrId claim grants nothing', async () => {
    const headers = await headersFor(system, { sub: 'app-2', org: 'org-a', roles: ['clinician'], scope: 'patient/composition-*.r' });
    const response = await system[target].request(
      `query($id: UUID!, $u: String!) { ehr(id: $id) { id } composition(uid: $u) { uid } }`,
      { id: ehrA1, u: a1Lab },
      headers,
    );
    expect(response).toEqual({ status: 200, data: { ehr: null, composition: null } });
  });
});

describe.each(['gateway', 'clinical'] as const)('%s: roles without clinical content', (target) => {
  // A registrar sees that an EHR of its network exists (to link it), never its content.
  it.each(['admin', 'registrar'] as const)('%s: no composition, ehr(id) null for an admin, and createEhr is FORBIDDEN with nothing stored', async (actor) => {
    const read = await system[target].request(
      `query($id: UUID!, $u: String!) { ehr(id: $id) { id } composition(uid: $u) { uid } }`,
      { id: ehrA1, u: a1Lab },
      cast[actor],
    );
    expect(read).toEqual({ status: 200, data: { ehr: actor === 'registrar' ? { id: ehrA1 } : null, composition: null } });
    await expectRefusedWrite(target, CREATE_EHR, {}, cast[actor], 'createEhr', { action: 'create', subject: 'Ehr' });
  });
});

describe.each(['gateway', 'demographic'] as const)('%s: an admin has no patients either', (target) => {
  it('patients gives empty edges and patient(id) null (a registrar finds the patient)', async () => {
    const query = `query($p: UUID!) { patients(first: 100) { edges { node { id } } } patient(id: $p) { id } }`;
    expect(await system[target].request(query, { p: patientId }, cast.admin)).toEqual({ status: 200, data: { patients: { edges: [] }, patient: null } });
    expect(await system[target].request(query, { p: patientId }, cast.registrar)).toEqual({
      status: 200,
      data: { patients: { edges: [{ node: { id: patientId } }] }, patient: { id: patientId } },
    });
  });
});
