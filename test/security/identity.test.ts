/**
 * Issue 12, sections 1 and 2, tried as an attacker would: the clinical store refuses patient
 * identity at commit, and what the identity table hides from researchers (staff, facilities,
 * record stand-ins) is absent from GraphQL, canonical JSON and AQL alike, in SELECT, WHERE,
 * ORDER BY, EXISTS and every predicate. Both on the clinical subgraph and through the gateway.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HBA1C, labReportComposition } from '../../scripts/demo/compositions.ts';
import type { GraphQLClient } from '../kit/graphql-client.ts';
import { defaultPolicyWithResearch } from '../kit/policies.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import type { Headers } from '../kit/tokens.ts';
import { castHeaders, codesOf, COMMIT, commit, createEhr, expectNothingStored, systemSnapshot, type Actor } from './support.ts';

type Json = Record<string, any>;

let system: TestSystem;
let cast: Record<Actor, Headers>;
let ehr: { id: string; subjectId: string };
let stored: { uid: string; objectId: string };

const PATIENT = 'Ada Patient-Lovelace';
const MRN = 'MRN-4711-0815';
const STAFF = { composer: 'Dr Cyrus Composer', facility: 'Ward Facility Seven', participant: 'Nurse Pia Participant', provider: 'Dr Otto Provider' };

const feedAudit = (subject: Json | null, provider = STAFF.provider) => ({
  _type: 'FEEDER_AUDIT',
  originating_system_audit: {
    _type: 'FEEDER_AUDIT_DETAILS',
    system_id: 'LAB-SYSTEM',
    provider: { _type: 'PARTY_IDENTIFIED', name: provider },
    ...(subject ? { subject } : {}),
  },
});

const adminEntry = (extra: Json) => ({
  _type: 'ADMIN_ENTRY',
  name: { _type: 'DV_TEXT', value: 'Admission' },
  archetype_node_id: 'openEHR-EHR-ADMIN_ENTRY.admission.v0',
  archetype_details: { _type: 'ARCHETYPED', archetype_id: { _type: 'ARCHETYPE_ID', value: 'openEHR-EHR-ADMIN_ENTRY.admission.v0' }, rm_version: '1.0.4' },
  language: { _type: 'CODE_PHRASE', terminology_id: { _type: 'TERMINOLOGY_ID', value: 'ISO_639-1' }, code_string: 'en' },
  encoding: { _type: 'CODE_PHRASE', terminology_id: { _type: 'TERMINOLOGY_ID', value: 'IANA_character-sets' }, code_string: 'UTF-8' },
  subject: { _type: 'PARTY_SELF' },
  data: {
    _type: 'ITEM_TREE',
    name: { _type: 'DV_TEXT', value: 'Tree' },
    archetype_node_id: 'at0001',
    items: [{ _type: 'ELEMENT', name: { _type: 'DV_TEXT', value: 'Ward' }, archetype_node_id: 'at0002', value: { _type: 'DV_TEXT', value: 'ward 7' } }],
  },
  ...extra,
});

/** A lab report naming staff everywhere the table allows staff, in a SECTION, with an ADMIN_ENTRY. */
function staffedReport(): Json {
  const document: Json = labReportComposition([HBA1C(6.4)], '2026-06-01T09:00:00Z');
  document.composer = { _type: 'PARTY_IDENTIFIED', name: STAFF.composer };
  document.context.health_care_facility = { _type: 'PARTY_IDENTIFIED', name: STAFF.facility };
  document.context.participations = [
    { _type: 'PARTICIPATION', function: { _type: 'DV_TEXT', value: 'requester' }, performer: { _type: 'PARTY_IDENTIFIED', name: STAFF.participant } },
  ];
  const [observation] = document.content as Json[];
  (observation as Json).provider = { _type: 'PARTY_IDENTIFIED', name: STAFF.provider };
  (observation as Json).feeder_audit = feedAudit({ _type: 'PARTY_SELF' });
  document.content = [
    {
      _type: 'SECTION',
      name: { _type: 'DV_TEXT', value: 'Results' },
      archetype_node_id: 'openEHR-EHR-SECTION.adhoc.v1',
      archetype_details: { _type: 'ARCHETYPED', archetype_id: { _type: 'ARCHETYPE_ID', value: 'openEHR-EHR-SECTION.adhoc.v1' }, rm_version: '1.0.4' },
      items: [observation, adminEntry({ provider: { _type: 'PARTY_IDENTIFIED', name: STAFF.provider } })],
    },
  ];
  return document;
}

const TRACES = [...Object.values(STAFF)];

beforeAll(async () => {
  // Researchers may run row-level AQL here, so that what the identity table refuses is seen on its own
  // (by default they are also limited to aggregates: test/cohort/disclosure.test.ts).
  system = await startSystem({ subgraphEnv: { POLICY_PATH: defaultPolicyWithResearch({ aggregateOnlyRoles: [] }) } });
  cast = await castHeaders(system);
  ehr = await createEhr(system.gateway, cast.clinicianA, randomUUID());
  stored = await commit(system.gateway, cast.clinicianA, ehr.id, staffedReport());
});

afterAll(async () => {
  await system?.stop();
});

async function expectRefusedCommit(client: GraphQLClient, document: unknown, paths: string[]): Promise<void> {
  const before = await systemSnapshot(system);
  const response = await client.request(COMMIT, { e: ehr.id, c: document }, cast.clinicianA);
  expect(codesOf(response)).toEqual(['BAD_USER_INPUT']);
  expect(response.errors?.[0]?.extensions?.jsonPaths).toEqual(paths);
  for (const text of [PATIENT, MRN]) expect(JSON.stringify(response)).not.toContain(text);
  await expectNothingStored(system, before, 'any');
}

describe.each(['gateway', 'clinical'] as const)('%s: the clinical store refuses patient identity at commit', (target) => {
  const client = () => system[target];

  it('a feed subject naming the patient and an entry subject holding an MRN: refused, every path listed, nothing stored', async () => {
    const document = staffedReport();
    const admin = document.content[0].items[1];
    admin.subject = {
      _type: 'PARTY_SELF',
      external_ref: { _type: 'PARTY_REF', namespace: 'HOSPITAL', type: 'PERSON', id: { _type: 'GENERIC_ID', value: MRN, scheme: 'MRN' } },
    };
    admin.feeder_audit = feedAudit({ _type: 'PARTY_IDENTIFIED', name: PATIENT });
    await expectRefusedCommit(client(), document, [
      '$.content[0].items[1].subject.external_ref',
      '$.content[0].items[1].feeder_audit.originating_system_audit.subject',
    ]);
  });

  it('an entry subject that is not PARTY_SELF and names someone, and a DV_IDENTIFIER marked as a person identifier', async () => {
    const document = staffedReport();
    const admin = document.content[0].items[1];
    admin.subject = { _type: 'PARTY_IDENTIFIED', name: PATIENT };
    admin.data.items.push({
      _type: 'ELEMENT',
      name: { _type: 'DV_TEXT', value: 'Identifier' },
      archetype_node_id: 'at0003',
      value: { _type: 'DV_IDENTIFIER', id: MRN, issuer: 'St Elsewhere', type: 'Medical Record Number' },
    });
    await expectRefusedCommit(client(), document, ['$.content[0].items[1].subject', '$.content[0].items[1].data.items[1].value']);
  });

  it('family history (PARTY_RELATED without name or identifiers), a reference to the EHR subject and staff identities are accepted', async () => {
    const document = staffedReport();
    const admin = document.content[0].items[1];
    admin.subject = {
      _type: 'PARTY_RELATED',
      relationship: {
        _type: 'DV_CODED_TEXT',
        value: 'mother',
        defining_code: { _type: 'CODE_PHRASE', terminology_id: { _type: 'TERMINOLOGY_ID', value: 'openehr' }, code_string: '10' },
      },
    };
    document.content[0].items[0].subject = {
      _type: 'PARTY_SELF',
      external_ref: { _type: 'PARTY_REF', namespace: 'default', type: 'PERSON', id: { _type: 'GENERIC_ID', value: ehr.subjectId, scheme: 'uuid' } },
    };
    const response = await client().request(COMMIT, { e: ehr.id, c: document }, cast.clinicianA);
    expect(response.errors).toBeUndefined();
  });
});

describe.each(['gateway', 'clinical'] as const)('%s: what the identity table hides from a researcher', (target) => {
  const client = () => system[target];
  const aql = (query: string, headers: Headers, parameters: Json = {}) =>
    client().request(`query($q: String!, $p: JSON) { aql(query: $q, parameters: $p) { rows } }`, { q: query, p: parameters }, headers);

  it('canonical and entries hold no staff, facility, feed audit or uid', async () => {
    const response = await client().request(
      `query($u: String!) { composition(uid: $u) { canonical entries { canonical } } }`,
      { u: stored.uid },
      cast.researcher,
    );
    expect(response.errors).toBeUndefined();
    const text = JSON.stringify(response);
    for (const trace of [...TRACES, stored.objectId]) expect(text).not.toContain(trace);
    expect(text).toContain('LAB-SYSTEM'); // the feed's system is no person
    const clinician = JSON.stringify(await client().request(`query($u: String!) { composition(uid: $u) { canonical } }`, { u: stored.uid }, cast.clinicianA));
    for (const trace of [...TRACES, stored.objectId]) expect(clinician).toContain(trace);
  });

  it.each([
    'SELECT s FROM COMPOSITION c CONTAINS SECTION s',
    'SELECT a FROM COMPOSITION c CONTAINS ADMIN_ENTRY a',
    'SELECT a/provider/name/value FROM COMPOSITION c CONTAINS ADMIN_ENTRY a',
    'SELECT a/subject/external_ref/id/value, a/feeder_audit/originating_system_audit/subject/name FROM COMPOSITION c CONTAINS ADMIN_ENTRY a',
    'SELECT o/feeder_audit/originating_system_audit/provider FROM OBSERVATION o',
    "SELECT c/name/value FROM COMPOSITION c WHERE EXISTS c/context[health_care_facility/name >= 'W']/start_time",
    "SELECT c/name/value FROM COMPOSITION c WHERE EXISTS c/context[participations/performer/name = 'x']/start_time",
    "SELECT o/name/value FROM OBSERVATION o WHERE EXISTS o/data[feeder_audit/originating_system_audit/provider/name = 'x']",
    "SELECT c/name/value FROM COMPOSITION c CONTAINS SECTION s[feeder_audit/originating_system_audit/provider/name = 'x']",
    "SELECT c/name/value FROM COMPOSITION c[composer/name = 'x']",
    'SELECT c/name/value FROM COMPOSITION c ORDER BY c/context/participations/performer/name/value',
    'SELECT e/ehr_id/value FROM EHR e',
    'SELECT e/time_created/value, o/data/events/time/value FROM EHR e CONTAINS OBSERVATION o',
    'SELECT c/uid/value FROM COMPOSITION c',
    'SELECT v/uid/value FROM EHR e CONTAINS VERSION v[LATEST_VERSION] CONTAINS COMPOSITION c',
    'SELECT v/commit_audit/time_committed/value FROM EHR e CONTAINS VERSION v[LATEST_VERSION] CONTAINS COMPOSITION c',
  ])('AQL refuses %s', async (query) => {
    const response = await aql(query, cast.researcher);
    expect(codesOf(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toMatch(/path refused/);
  });

  it('AQL results lose what is hidden below a selected path; clinicians see it', async () => {
    const query = 'SELECT o/data, c/context FROM COMPOSITION c CONTAINS OBSERVATION o';
    const response = await aql(query, cast.researcher);
    expect(response.errors).toBeUndefined();
    expect(response.data.aql.rows.length).toBeGreaterThan(0);
    for (const trace of TRACES) expect(JSON.stringify(response)).not.toContain(trace);
    expect(JSON.stringify(await aql(query, cast.clinicianA))).toContain(STAFF.facility);
  });

  it.each(['objectId', 'precedingVersionUid', 'committedAt', 'uid', 'ehr { id }', 'ehr { createdAt }'])(
    'record stand-ins: Composition %s is FORBIDDEN for researchers (a clinician reads it)',
    async (field) => {
      const query = `query($u: String!) { composition(uid: $u) { name ${field} } }`;
      const response = await client().request(query, { u: stored.uid }, cast.researcher);
      expect(codesOf(response)).toEqual(['FORBIDDEN']);
      expect(response.errors?.[0]?.path?.join('.')).toBe(`composition.${field.replace(/[{} ]+/g, '.').replace(/\.$/, '')}`);
      for (const id of [ehr.id, stored.objectId]) expect(JSON.stringify(response)).not.toContain(id);
      const clinician = await client().request(query, { u: stored.uid }, cast.clinicianA);
      expect(clinician.errors).toBeUndefined();
    },
  );
});

describe.each(['gateway', 'clinical'] as const)('%s: the admin report of stored compositions that would now be refused', (target) => {
  const REPORT = `query { identityFindings { uid ehrId jsonPaths problems } }`;

  it('lists a legacy composition naming the patient (paths and problems, never the values); others get FORBIDDEN', async () => {
    const legacy = await commit(system.gateway, cast.clinicianA, ehr.id, staffedReport());
    const document = staffedReport();
    document.content[0].items[1].feeder_audit = feedAudit({ _type: 'PARTY_IDENTIFIED', name: PATIENT });
    // data stored before the rule existed
    await system.clinicalDb.query(`UPDATE composition_versions SET canonical = $1::json WHERE uid = $2`, [JSON.stringify(document), legacy.uid]);
    const response = await system[target].request(REPORT, {}, cast.admin);
    expect(response.errors).toBeUndefined();
    expect(response.data.identityFindings).toEqual([
      {
        uid: legacy.uid,
        ehrId: ehr.id,
        jsonPaths: ['$.content[0].items[1].feeder_audit.originating_system_audit.subject'],
        problems: [expect.stringContaining('PARTY_IDENTIFIED')],
      },
    ]);
    expect(JSON.stringify(response)).not.toContain(PATIENT);
    for (const actor of ['clinicianA', 'researcher'] as const) expect(codesOf(await system[target].request(REPORT, {}, cast[actor]))).toEqual(['FORBIDDEN']);
    await system.clinicalDb.query(`UPDATE composition_versions SET canonical = $1::json WHERE uid = $2`, [JSON.stringify(staffedReport()), legacy.uid]);
  });
});
