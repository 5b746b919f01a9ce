import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANCA, bloodPressureComposition, HBA1C, labReportComposition } from '../../scripts/demo/compositions.ts';
import type { GraphQLResponse } from '../kit/graphql-client.ts';
import { startSystem, TEST_SYSTEM_ID, type TestSystem } from '../kit/system.ts';
import {
  castHeaders,
  COMMIT,
  commit,
  createEhr,
  DELETE,
  expectNothingStored,
  expectOneError,
  linkEhr,
  registerPatient,
  systemSnapshot,
  update,
  UPDATE,
  type Actor,
} from './support.ts';
import { type Headers } from '../kit/tokens.ts';

let system: TestSystem;
let cast: Record<Actor, Headers>;
let ehrId: string;
let subjectId: string;
let patientId: string;
/** Blood pressure: version 1 (stale) and version 2 (latest). */
let vitalsV1: string;
let vitalsV2: string;
let vitalsObjectId: string;
let labUid: string;

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Ehr { id subjectNamespace compositions { edges { node { uid } } } } } }`;

beforeAll(async () => {
  system = await startSystem({ sharedRedis: true });
  cast = await castHeaders(system);
  ({ id: ehrId, subjectId } = await createEhr(system.gateway, cast.clinicianA, randomUUID()));
  const vitals = await commit(system.gateway, cast.clinicianA, ehrId, bloodPressureComposition(150, 95, '2026-04-01T08:00:00Z'));
  vitalsV1 = vitals.uid;
  vitalsObjectId = vitals.objectId;
  vitalsV2 = await update(system.gateway, cast.clinicianA, vitalsV1, bloodPressureComposition(145, 92, '2026-04-01T08:00:00Z'));
  labUid = (await commit(system.gateway, cast.clinicianA, ehrId, labReportComposition([HBA1C(7.1), ANCA(40)], '2026-04-02T08:00:00Z'))).uid;
  patientId = await registerPatient(system.gateway, cast.registrar, { name: { given: ['Mary'], family: 'Seacole' }, birthDate: '1805-11-23' });
  await linkEhr(system.gateway, cast.registrar, patientId, ehrId);
});

afterAll(async () => {
  await system?.stop();
});

/** The answer with `id` replaced, to compare an answer about org-a's object with one about nothing at all. */
const withoutId = (response: GraphQLResponse, id: string) => JSON.parse(JSON.stringify(response).replaceAll(id, '<id>'));

describe.each(['gateway', 'clinical'] as const)("%s: a clinician of org-c (outside the care network) and org-a's records", (target) => {
  const client = () => system[target];

  it('ehr(id) is null, so Ehr.compositions cannot be reached', async () => {
    const response = await client().request(
      `query($id: UUID!) { ehr(id: $id) { id subjectId compositions { edges { node { uid } } } } }`,
      { id: ehrId },
      cast.clinicianC,
    );
    expect(response).toEqual({ status: 200, data: { ehr: null } });
  });

  it('ehrBySubject is null', async () => {
    const response = await client().request(`query($s: UUID!) { ehrBySubject(subjectId: $s) { id } }`, { s: subjectId }, cast.clinicianC);
    expect(response).toEqual({ status: 200, data: { ehrBySubject: null } });
  });

  it('composition(uid) is null for the latest uid, a stale uid and the bare object id; compositionVersions is empty', async () => {
    for (const uid of [vitalsV2, vitalsV1, vitalsObjectId, labUid]) {
      const response = await client().request(`query($u: String!) { composition(uid: $u) { uid canonical } }`, { u: uid }, cast.clinicianC);
      expect(response).toEqual({ status: 200, data: { composition: null } });
    }
    const versions = await client().request(`query($o: UUID!) { compositionVersions(objectId: $o) { uid } }`, { o: vitalsObjectId }, cast.clinicianC);
    expect(versions).toEqual({ status: 200, data: { compositionVersions: [] } });
  });

  it('commitComposition to the org-a EHR is NOT_FOUND, worded exactly as for an EHR that does not exist; nothing stored', async () => {
    const document = bloodPressureComposition(120, 80, '2026-04-03T08:00:00Z');
    const before = await systemSnapshot(system);
    const response = await client().request(COMMIT, { e: ehrId, c: document }, cast.clinicianC);
    expectOneError(response, 'NOT_FOUND', ['commitComposition']);
    expect(response.data).toBeNull();
    await expectNothingStored(system, before, { clinical: 'grew', demographic: 'unchanged' });
    const nowhere = randomUUID();
    const absent = await client().request(COMMIT, { e: nowhere, c: document }, cast.clinicianC);
    expect(withoutId(response, ehrId)).toEqual(withoutId(absent, nowhere));
  });

  it('updateComposition and deleteComposition are NOT_FOUND for the latest and for a stale uid (never VERSION_CONFLICT); nothing stored', async () => {
    const document = bloodPressureComposition(100, 60, '2026-04-01T08:00:00Z');
    const nowhere = `${randomUUID()}::${TEST_SYSTEM_ID}::1`;
    for (const [operation, variables, absentVariables, field] of [
      [UPDATE, { p: vitalsV2, c: document }, { p: nowhere, c: document }, 'updateComposition'],
      [UPDATE, { p: vitalsV1, c: document }, { p: nowhere, c: document }, 'updateComposition'],
      [DELETE, { p: vitalsV2 }, { p: nowhere }, 'deleteComposition'],
      [DELETE, { p: vitalsV1 }, { p: nowhere }, 'deleteComposition'],
      [DELETE, { p: labUid }, { p: nowhere }, 'deleteComposition'],
    ] as const) {
      const before = await systemSnapshot(system);
      const response = await client().request(operation, variables, cast.clinicianC);
      expectOneError(response, 'NOT_FOUND', [field]);
      expect(response.data).toBeNull();
      expect(response.errors?.[0]?.extensions).not.toHaveProperty('latestVersionUid');
      await expectNothingStored(system, before, { clinical: 'grew', demographic: 'unchanged' });
      const absent = await client().request(operation, absentVariables, cast.clinicianC);
      expect(withoutId(response, variables.p)).toEqual(withoutId(absent, nowhere));
    }
    // Control: the same stale uid from inside the network is a VERSION_CONFLICT (so the test above can fail).
    const conflict = await client().request(UPDATE, { p: vitalsV1, c: document }, cast.clinicianB);
    expectOneError(conflict, 'VERSION_CONFLICT', ['updateComposition']);
    expect(conflict.errors?.[0]?.extensions?.latestVersionUid).toBe(vitalsV2);
  });

  it('a clinician of org-b (same network) reads the EHR, its compositions and their versions', async () => {
    const response = await client().request(
      `query($id: UUID!, $u: String!, $o: UUID!) {
        ehr(id: $id) { id subjectId compositions { edges { node { uid } } } }
        composition(uid: $u) { uid withheldEntryCount }
        compositionVersions(objectId: $o) { uid }
      }`,
      { id: ehrId, u: labUid, o: vitalsObjectId },
      cast.clinicianB,
    );
    expect(response).toEqual({
      status: 200,
      data: {
        ehr: { id: ehrId, subjectId, compositions: { edges: [{ node: { uid: labUid } }, { node: { uid: vitalsV2 } }] } },
        composition: { uid: labUid, withheldEntryCount: 0 },
        compositionVersions: [{ uid: vitalsV1 }, { uid: vitalsV2 }],
      },
    });
  });
});

describe('entity resolution straight on the clinical subgraph (as only the gateway should call it)', () => {
  it('_entities of an org-a Ehr is [null] for org-c, and the EHR with its compositions for org-b', async () => {
    const representations = [{ __typename: 'Ehr', id: ehrId }];
    expect(await system.clinical.request(ENTITIES, { r: representations }, cast.clinicianC)).toEqual({ status: 200, data: { _entities: [null] } });
    expect(await system.clinical.request(ENTITIES, { r: representations }, cast.clinicianB)).toEqual({
      status: 200,
      data: {
        _entities: [
          { __typename: 'Ehr', id: ehrId, subjectNamespace: 'default', compositions: { edges: [{ node: { uid: labUid } }, { node: { uid: vitalsV2 } }] } },
        ],
      },
    });
  });

  it('extra keys in a representation (an org claim) change nothing', async () => {
    const response = await system.clinical.request(ENTITIES, { r: [{ __typename: 'Ehr', id: ehrId, org: 'org-c', ehrOrg: 'org-c' }] }, cast.clinicianC);
    expect(response).toEqual({ status: 200, data: { _entities: [null] } });
  });
});

describe('through the gateway, org-c cannot reach org-a compositions from the patient side either', () => {
  it('patient → ehr → compositions gives no composition', async () => {
    const response = await system.gateway.request(
      `query($p: UUID!) { patient(id: $p) { id ehr { id compositions { edges { node { uid canonical } } } } } }`,
      { p: patientId },
      cast.clinicianC,
    );
    expect(response.status).toBe(200);
    // The org-a patient is out of org-c's scope too: absent, so its EHR is never asked for.
    expect(response.data).toEqual({ patient: null });
    const text = JSON.stringify(response);
    for (const uid of [vitalsV1, vitalsV2, labUid]) expect(text).not.toContain(uid.split('::')[0]);
  });
});

describe.each(['gateway', 'demographic'] as const)('%s: a researcher and patients', (target) => {
  const client = () => system[target];

  it('patients gives empty edges, patient(id) null', async () => {
    const list = await client().request(`{ patients(first: 100) { edges { node { id name { family } } } pageInfo { hasNextPage } } }`, {}, cast.researcher);
    expect(list).toEqual({ status: 200, data: { patients: { edges: [], pageInfo: { hasNextPage: false } } } });
    const byName = await client().request(`{ patients(name: "Sea") { edges { node { id } } } }`, {}, cast.researcher);
    expect(byName).toEqual({ status: 200, data: { patients: { edges: [] } } });
    const one = await client().request(`query($p: UUID!) { patient(id: $p) { id name { family } } }`, { p: patientId }, cast.researcher);
    expect(one).toEqual({ status: 200, data: { patient: null } });
    // Control: a registrar finds the patient with the same queries.
    const control = await client().request(`{ patients(name: "Sea") { edges { node { id } } } }`, {}, cast.registrar);
    expect(control.data.patients.edges).toEqual([{ node: { id: patientId } }]);
  });
});

describe('a researcher on the demographic subgraph directly', () => {
  it('_entities of a Patient is [null]', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Patient { id name { family } birthDate } } }`;
    const response = await system.demographic.request(query, { r: [{ __typename: 'Patient', id: patientId }] }, cast.researcher);
    expect(response).toEqual({ status: 200, data: { _entities: [null] } });
    const control = await system.demographic.request(query, { r: [{ __typename: 'Patient', id: patientId }] }, cast.registrar);
    expect(control.data._entities).toEqual([{ __typename: 'Patient', id: patientId, name: { family: 'Seacole' }, birthDate: '1805-11-23' }]);
  });
});
