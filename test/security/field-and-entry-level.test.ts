import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANCA, bloodPressureComposition, HBA1C, labReportComposition } from '../../scripts/demo/compositions.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import { castHeaders, codesOf, commit, createEhr, expectOneError, linkEhr, registerPatient, REFUSED_STATUS, update, type Actor } from './support.ts';
import { type Headers } from '../kit/tokens.ts';

let system: TestSystem;
let cast: Record<Actor, Headers>;
let ehrA: { id: string; subjectId: string };
let ehrB: { id: string; subjectId: string };
let patientId: string;
let lab: { uid: string; objectId: string };
let labV2: string;
let vitalsUid: string;
let orgBUid: string;

const COMPOSER = 'Dr Jane Composer';
const FACILITY = 'St Elsewhere Laboratory';
const PARTICIPANT = 'Nurse Paul Participant';
const PROVIDER = 'Dr Petra Provider';

/** A lab report with HbA1c and ANCA, naming its composer and facility. */
function labReport(time: string, hba1c = 7.1) {
  const document = labReportComposition([HBA1C(hba1c), ANCA(40)], time);
  document.composer = { _type: 'PARTY_IDENTIFIED', name: COMPOSER };
  (document.context as Record<string, unknown>).health_care_facility = { _type: 'PARTY_IDENTIFIED', name: FACILITY };
  (document.context as Record<string, unknown>).participations = [
    { _type: 'PARTICIPATION', function: { _type: 'DV_TEXT', value: 'requester' }, performer: { _type: 'PARTY_IDENTIFIED', name: PARTICIPANT } },
  ];
  for (const entry of document.content as Record<string, unknown>[]) entry.provider = { _type: 'PARTY_IDENTIFIED', name: PROVIDER };
  return document;
}

beforeAll(async () => {
  system = await startSystem({ sharedRedis: true });
  cast = await castHeaders(system);
  ehrA = await createEhr(system.gateway, cast.clinicianA, randomUUID());
  ehrB = await createEhr(system.gateway, cast.clinicianB, randomUUID());
  vitalsUid = (await commit(system.gateway, cast.clinicianA, ehrA.id, bloodPressureComposition(132, 84, '2026-05-01T08:00:00Z'))).uid;
  lab = await commit(system.gateway, cast.clinicianA, ehrA.id, labReport('2026-05-02T08:00:00Z'));
  labV2 = await update(system.gateway, cast.clinicianA, lab.uid, labReport('2026-05-02T08:00:00Z', 7.3));
  orgBUid = (await commit(system.gateway, cast.clinicianB, ehrB.id, labReport('2026-05-03T08:00:00Z'))).uid;
  patientId = await registerPatient(system.gateway, cast.registrar, { name: { given: ['Florence'], family: 'Nightingale' }, birthDate: '1820-05-12' });
  await linkEhr(system.gateway, cast.registrar, patientId, ehrA.id);
});

afterAll(async () => {
  await system?.stop();
});

describe.each(['gateway', 'clinical'] as const)('%s: what a researcher never sees', (target) => {
  const client = () => system[target];

  it('Ehr.subjectId is null with FORBIDDEN at [ehr, subjectId]', async () => {
    const response = await client().request(`query($id: UUID!) { ehr(id: $id) { subjectId subjectNamespace } }`, { id: ehrA.id }, cast.researcher);
    expectOneError(response, 'FORBIDDEN', ['ehr', 'subjectId']);
    expect(response.data).toEqual({ ehr: { subjectId: null, subjectNamespace: 'default' } });
    const through = await client().request(`query($u: String!) { composition(uid: $u) { name ehr { subjectId } } }`, { u: labV2 }, cast.researcher);
    expectOneError(through, 'FORBIDDEN', ['composition', 'ehr', 'subjectId']);
    expect(through.data).toEqual({ composition: { name: 'Laboratory report', ehr: { subjectId: null } } });
    expect(JSON.stringify(through)).not.toContain(ehrA.subjectId);
  });

  it('ehrBySubject finds nothing for a researcher (looking up by the hidden subjectId would reveal it)', async () => {
    const query = `query($s: UUID!) { ehrBySubject(subjectId: $s) { id } }`;
    expect(await client().request(query, { s: ehrA.subjectId }, cast.researcher)).toEqual({ status: 200, data: { ehrBySubject: null } });
    expect(await client().request(query, { s: ehrA.subjectId }, cast.clinicianA)).toEqual({ status: 200, data: { ehrBySubject: { id: ehrA.id } } });
  });

  it('Composition.composer and healthCareFacility are null with FORBIDDEN; canonical has no composer and no context.health_care_facility', async () => {
    const response = await client().request(
      `query($u: String!) { composition(uid: $u) { composer healthCareFacility withheldEntryCount canonical } }`,
      { u: labV2 },
      cast.researcher,
    );
    expect(response.status).toBe(REFUSED_STATUS);
    expect(response.errors?.map((error) => [error.extensions?.code, error.path])).toEqual([
      ['FORBIDDEN', ['composition', 'composer']],
      ['FORBIDDEN', ['composition', 'healthCareFacility']],
    ]);
    const { canonical, ...rest } = response.data.composition;
    expect(rest).toEqual({ composer: null, healthCareFacility: null, withheldEntryCount: 0 });
    expect(canonical).not.toHaveProperty('composer');
    expect(canonical).not.toHaveProperty('uid');
    expect(canonical.context).toBeTypeOf('object');
    expect(canonical.context).not.toHaveProperty('health_care_facility');
    expect(canonical.context.start_time).toEqual({ _type: 'DV_DATE_TIME', value: '2026-05-02T08:00:00Z' });
    expect(JSON.stringify(response)).not.toContain(COMPOSER);
    expect(JSON.stringify(response)).not.toContain(FACILITY);
  });

  it('no person recorded anywhere in the composition reaches a researcher: participations, entry providers', async () => {
    const response = await client().request(`query($u: String!) { composition(uid: $u) { canonical entries { canonical } } }`, { u: labV2 }, cast.researcher);
    expect(response.errors).toBeUndefined();
    expect(response.data.composition.canonical.context).not.toHaveProperty('participations');
    expect(response.data.composition.entries).toHaveLength(2);
    for (const text of [PARTICIPANT, PROVIDER]) expect(JSON.stringify(response)).not.toContain(text);
    const clinician = await client().request(`query($u: String!) { composition(uid: $u) { canonical } }`, { u: labV2 }, cast.clinicianA);
    for (const text of [PARTICIPANT, PROVIDER]) expect(JSON.stringify(clinician)).toContain(text);
  });

  it('the same fields are hidden in Ehr.compositions and compositionVersions', async () => {
    const response = await client().request(
      `query($id: UUID!, $o: UUID!) {
        ehr(id: $id) { compositions(templateId: "demo.laboratory_report.v1") { edges { node { version composer canonical } } } }
        compositionVersions(objectId: $o) { version healthCareFacility canonical }
      }`,
      { id: ehrA.id, o: lab.objectId },
      cast.researcher,
    );
    const errors = response.errors?.map((error) => [error.extensions?.code, error.path?.join('.')]) ?? [];
    expect(errors.sort()).toEqual([
      ['FORBIDDEN', 'compositionVersions.0.healthCareFacility'],
      ['FORBIDDEN', 'compositionVersions.1.healthCareFacility'],
      ['FORBIDDEN', 'ehr.compositions.edges.0.node.composer'],
    ]);
    expect(response.data.ehr.compositions.edges.map((edge: { node: { version: number } }) => edge.node.version)).toEqual([2]);
    expect(response.data.compositionVersions.map((version: { version: number }) => version.version)).toEqual([1, 2]);
    expect(JSON.stringify(response)).not.toContain(lab.objectId);
    expect(JSON.stringify(response)).not.toContain(COMPOSER);
    expect(JSON.stringify(response)).not.toContain(FACILITY);
  });

  it('nothing of org-b (not research-allowed): ehr, ehrBySubject, composition, compositionVersions', async () => {
    const response = await client().request(
      `query($id: UUID!, $s: UUID!, $u: String!, $o: UUID!) {
        ehr(id: $id) { id } ehrBySubject(subjectId: $s) { id } composition(uid: $u) { uid } compositionVersions(objectId: $o) { uid }
      }`,
      { id: ehrB.id, s: ehrB.subjectId, u: orgBUid, o: orgBUid.split('::')[0] },
      cast.researcher,
    );
    expect(response).toEqual({ status: 200, data: { ehr: null, ehrBySubject: null, composition: null, compositionVersions: [] } });
  });

  it('control: a clinician of org-a sees subjectId, composer and facility', async () => {
    const response = await client().request(
      `query($id: UUID!, $u: String!) { ehr(id: $id) { subjectId } composition(uid: $u) { composer healthCareFacility } }`,
      { id: ehrA.id, u: labV2 },
      cast.clinicianA,
    );
    expect(response).toEqual({
      status: 200,
      data: {
        ehr: { subjectId: ehrA.subjectId },
        composition: { composer: { _type: 'PARTY_IDENTIFIED', name: COMPOSER }, healthCareFacility: { _type: 'PARTY_IDENTIFIED', name: FACILITY } },
      },
    });
  });
});

const VIEW = `uid withheldEntryCount canonical
  entries { path codes canonical elements { name value { __typename ... on DvCodedText { terminology code value } ... on DvQuantity { magnitude units } } } }`;

/** What a nurse may see of the lab report: the HbA1c entry only, the ANCA entry gone everywhere. */
function expectNurseView(
  view: { uid: string; withheldEntryCount: number; canonical: unknown; entries: { codes: string[]; elements: { value: unknown }[] }[] },
  hba1c: number,
): void {
  expect(view.withheldEntryCount).toBe(1);
  expect(view.entries).toHaveLength(1);
  expect(view.entries[0]?.codes).toContain('LOINC::4548-4');
  expect(view.entries[0]?.codes).not.toContain('LOINC::17351-8');
  expect(view.entries[0]?.elements.map((element) => element.value)).toEqual([
    { __typename: 'DvCodedText', terminology: 'LOINC', code: '4548-4', value: 'Hemoglobin A1c' },
    { __typename: 'DvQuantity', magnitude: hba1c, units: '%' },
  ]);
  const canonical = JSON.stringify(view.canonical);
  expect(canonical).toContain('4548-4');
  expect(canonical).not.toContain('17351-8');
  expect((view.canonical as { content: unknown[] }).content).toHaveLength(1);
  const text = JSON.stringify(view);
  for (const trace of ['17351-8', 'Neutrophil', '{titer}']) expect(text).not.toContain(trace);
}

describe.each(['gateway', 'clinical'] as const)('%s: a nurse and a lab report holding HbA1c and ANCA', (target) => {
  const client = () => system[target];

  it('composition(uid): HbA1c shown, ANCA withheld from entries, elements and canonical', async () => {
    const response = await client().request(`query($u: String!) { composition(uid: $u) { ${VIEW} } }`, { u: labV2 }, cast.nurseA);
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    expectNurseView(response.data.composition, 7.3);
    expect(JSON.stringify(response)).not.toContain('17351-8');
  });

  it('Ehr.compositions gives the same filtered view', async () => {
    const response = await client().request(`query($id: UUID!) { ehr(id: $id) { compositions { edges { node { ${VIEW} } } } } }`, { id: ehrA.id }, cast.nurseA);
    expect(response.errors).toBeUndefined();
    const nodes = response.data.ehr.compositions.edges.map((edge: { node: { uid: string } }) => edge.node);
    expect(nodes.map((node: { uid: string }) => node.uid)).toEqual([labV2, vitalsUid]);
    expectNurseView(nodes[0], 7.3);
    expect(nodes[1].withheldEntryCount).toBe(0);
    expect(JSON.stringify(response)).not.toContain('17351-8');
  });

  it('compositionVersions gives the same filtered view of every version', async () => {
    const response = await client().request(`query($o: UUID!) { compositionVersions(objectId: $o) { ${VIEW} } }`, { o: lab.objectId }, cast.nurseA);
    expect(response.errors).toBeUndefined();
    const [v1, v2] = response.data.compositionVersions;
    expect([v1.uid, v2.uid]).toEqual([lab.uid, labV2]);
    expectNurseView(v1, 7.1);
    expectNurseView(v2, 7.3);
    expect(JSON.stringify(response)).not.toContain('17351-8');
  });

  it('control: a clinician sees both entries (withheldEntryCount 0)', async () => {
    const response = await client().request(`query($u: String!) { composition(uid: $u) { ${VIEW} } }`, { u: labV2 }, cast.clinicianA);
    expect(response.errors).toBeUndefined();
    const view = response.data.composition;
    expect(view.withheldEntryCount).toBe(0);
    expect(view.entries.map((entry: { codes: string[] }) => entry.codes.filter((code) => code.startsWith('LOINC::')))).toEqual([
      ['LOINC::4548-4'],
      ['LOINC::17351-8'],
    ]);
    expect(JSON.stringify(view.canonical)).toContain('17351-8');
  });
});

describe('the same view through entity resolution on the clinical subgraph', () => {
  it('_entities(Ehr) → compositions shows the nurse no ANCA', async () => {
    const response = await system.clinical.request(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Ehr { compositions(templateId: "demo.laboratory_report.v1") { edges { node { ${VIEW} } } } } } }`,
      { r: [{ __typename: 'Ehr', id: ehrA.id }] },
      cast.nurseA,
    );
    expect(response.errors).toBeUndefined();
    expectNurseView(response.data._entities[0].compositions.edges[0].node, 7.3);
  });
});

describe('patient ↔ EHR traversal needs `link` (through the gateway)', () => {
  it('researcher: ehr(id) { id patient } stops at the clinical subgraph: the EHR id is a record stand-in hidden from them', async () => {
    const response = await system.gateway.request(`query($id: UUID!) { ehr(id: $id) { id patient { id name { family } } } }`, { id: ehrA.id }, cast.researcher);
    expect(codesOf(response)).toContain('FORBIDDEN');
    expect(response.data).toEqual({ ehr: null });
    expect(JSON.stringify(response)).not.toContain('Nightingale');
  });

  it.each(['nurseA'] as const)(
    '%s: ehr(id) { patient } is null with FORBIDDEN at [ehr, patient]; the denial is in the demographic audit trail',
    async (actor) => {
      const response = await system.gateway.request(`query($id: UUID!) { ehr(id: $id) { id patient { id name { family } } } }`, { id: ehrA.id }, cast[actor]);
      expectOneError(response, 'FORBIDDEN', ['ehr', 'patient']);
      expect(response.data).toEqual({ ehr: { id: ehrA.id, patient: null } });
      expect(JSON.stringify(response)).not.toContain('Nightingale');
      const denied = await system.demographicDb.query<{ roles: string[]; subjectType: string }>(
        `SELECT roles, subject_type AS "subjectType" FROM audit_events WHERE sub = $1 AND action = 'link' AND NOT allowed`,
        [cast[actor] === cast.nurseA ? 'nurse-a' : 'researcher-r'],
      );
      expect(denied.rows.length).toBeGreaterThan(0);
      expect(denied.rows[0]).toEqual({ roles: [actor === 'nurseA' ? 'nurse' : 'researcher'], subjectType: 'Patient' });
    },
  );

  it.each(['nurseA', 'researcher'] as const)(
    '%s: patient(id) { ehr } is null as a whole (the default policy lets them read no patient at all)',
    async (actor) => {
      const response = await system.gateway.request(`query($p: UUID!) { patient(id: $p) { id ehr { id } } }`, { p: patientId }, cast[actor]);
      expect(response).toEqual({ status: 200, data: { patient: null } });
    },
  );

  it('a registrar gets the EHR id, and nothing clinical behind it', async () => {
    const link = await system.gateway.request(`query($p: UUID!) { patient(id: $p) { id ehr { id } } }`, { p: patientId }, cast.registrar);
    expect(link).toEqual({ status: 200, data: { patient: { id: patientId, ehr: { id: ehrA.id } } } });

    const deeper = await system.gateway.request(
      `query($p: UUID!) { patient(id: $p) { id ehr { id compositions { edges { node { uid canonical } } } } } }`,
      { p: patientId },
      cast.registrar,
    );
    expect(deeper.status).toBe(200);
    // A registrar sees that the EHR of its network exists (to link it), and no composition in it.
    expect(deeper.data).toEqual({ patient: { id: patientId, ehr: { id: ehrA.id, compositions: { edges: [] } } } });
    for (const error of deeper.errors ?? []) expect(error.extensions?.code).toBe('FORBIDDEN');
    const text = JSON.stringify(deeper);
    for (const uid of [vitalsUid, lab.uid]) expect(text).not.toContain(uid.split('::')[0]);

    const subject = await system.gateway.request(`query($p: UUID!) { patient(id: $p) { ehr { id subjectId } } }`, { p: patientId }, cast.registrar);
    // `subjectId` is nullable, so here the gateway keeps the EHR stub with a null subjectId.
    expect(subject.data).toEqual({ patient: { ehr: { id: ehrA.id, subjectId: null } } });
    expect(JSON.stringify(subject)).not.toContain(ehrA.subjectId);
  });

  it('control: a clinician of org-a traverses both ways', async () => {
    const response = await system.gateway.request(
      `query($p: UUID!, $id: UUID!) { patient(id: $p) { ehr { id compositions { edges { node { uid } } } } } ehr(id: $id) { patient { name { family } } } }`,
      { p: patientId, id: ehrA.id },
      cast.clinicianA,
    );
    expect(response).toEqual({
      status: 200,
      data: {
        patient: { ehr: { id: ehrA.id, compositions: { edges: [{ node: { uid: labV2 } }, { node: { uid: vitalsUid } }] } } },
        ehr: { patient: { name: { family: 'Nightingale' } } },
      },
    });
  });
});
