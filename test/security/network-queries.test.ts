/**
 * Queries and the audit trail in a network of three organisations: org-a and org-b share the care
 * network `north`, org-c is outside. AQL (ad hoc and stored) and cohorts of a clinician count only
 * the EHRs of the caller's network; every AQL and cohort answer is audited with the EHRs that made
 * it (their ids for clinicians, only their number for researchers); refused paths and links are
 * denied events; each organisation's admin reads its own callers' events only.
 * (Patients, links, EHRs and compositions one by one: organisations.test.ts, cross-organisation.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HBA1C, labReportComposition } from '../../scripts/demo/compositions.ts';
import { COHORT, HBA1C_CODE, LAB, RESULT_VALUE } from '../cohort/support.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import type { Headers, TokenClaims } from '../kit/tokens.ts';
import { commit, createEhr, expectOneError, headersFor, linkEhr, registerPatient } from './support.ts';

const PEOPLE = {
  staffA: { sub: 'net-staff-a', org: 'org-a', roles: ['clinician', 'registrar'] },
  staffB: { sub: 'net-staff-b', org: 'org-b', roles: ['clinician', 'registrar'] },
  staffC: { sub: 'net-staff-c', org: 'org-c', roles: ['clinician', 'registrar'] },
  nurseC: { sub: 'net-nurse-c', org: 'org-c', roles: ['nurse'] },
  registrarB: { sub: 'net-registrar-b', org: 'org-b', roles: ['registrar'] },
  researcherC: { sub: 'net-researcher-c', org: 'org-c', roles: ['researcher'] },
  adminA: { sub: 'net-admin-a', org: 'org-a', roles: ['admin'] },
  adminB: { sub: 'net-admin-b', org: 'org-b', roles: ['admin'] },
  adminC: { sub: 'net-admin-c', org: 'org-c', roles: ['admin'] },
} satisfies Record<string, TokenClaims>;
type Person = keyof typeof PEOPLE;
type Org = 'org-a' | 'org-b' | 'org-c';
const STAFF: Record<Org, Person> = { 'org-a': 'staffA', 'org-b': 'staffB', 'org-c': 'staffC' };
const ADMIN: Record<Org, Person> = { 'org-a': 'adminA', 'org-b': 'adminB', 'org-c': 'adminC' };
/** EHRs per organisation, each with one laboratory report (HbA1c). */
const EHRS: Record<Org, number> = { 'org-a': 3, 'org-b': 1, 'org-c': 2 };

const AQL = `query($q: String!) { aql(query: $q) { rows } }`;
const EXECUTE = `query($n: String!) { executeStoredQuery(name: $n) { rows } }`;
const ROWS = 'SELECT e/ehr_id/value, c/uid/value FROM EHR e CONTAINS COMPOSITION c';
const COUNT = 'SELECT COUNT(*) FROM EHR e CONTAINS COMPOSITION c';
const HBA1C_COHORT = { archetypeId: LAB, elementPath: RESULT_VALUE, code: HBA1C_CODE, groupBy: 'NONE' };
const EVENT = 'sub org action subjectType subjectIds allowed reason';
const AUDIT = `query($f: AuditEventFilter) { auditEvents(filter: $f, first: 100) { edges { node { ${EVENT} } } } }`;
const DEMOGRAPHIC_AUDIT = `query($f: AuditEventFilter) { demographicAuditEvents(filter: $f, first: 100) { edges { node { ${EVENT} } } } }`;

interface Event {
  sub: string;
  org: string | null;
  action: string;
  subjectType: string;
  subjectIds: string[];
  allowed: boolean;
  reason: string;
}

let system: TestSystem;
let as: Record<Person, Headers>;
const ehrs: Record<Org, string[]> = { 'org-a': [], 'org-b': [], 'org-c': [] };
const patients: Partial<Record<Org, string>> = {};
const network = () => [...ehrs['org-a'], ...ehrs['org-b']];

beforeAll(async () => {
  system = await startSystem({ sharedRedis: true });
  const entries = await Promise.all(Object.entries(PEOPLE).map(async ([who, claims]) => [who, await headersFor(system, claims)] as const));
  as = Object.fromEntries(entries) as Record<Person, Headers>;
  for (const org of ['org-a', 'org-b', 'org-c'] as const) {
    const staff = as[STAFF[org]];
    for (let i = 0; i < EHRS[org]; i += 1) {
      const { id } = await createEhr(system.gateway, staff);
      ehrs[org].push(id);
      await commit(system.gateway, staff, id, labReportComposition([HBA1C(6 + i / 2)], `2026-05-0${i + 1}T08:00:00Z`));
    }
    patients[org] = await registerPatient(system.gateway, staff, { name: { family: `Network-${org}` } });
    await linkEhr(system.gateway, staff, patients[org], ehrs[org][0] as string);
  }
  const stored = await system.clinical.request(`mutation($q: String!) { storeQuery(name: "network_rows", query: $q) { version } }`, { q: ROWS }, as.adminA);
  expect(stored.errors).toBeUndefined();
});
afterAll(() => system?.stop());

const eventsOf = async (admin: Person, filter: Record<string, unknown>, service: 'clinical' | 'demographic' = 'clinical'): Promise<Event[]> => {
  const response = await system.gateway.request(service === 'clinical' ? AUDIT : DEMOGRAPHIC_AUDIT, { f: filter }, as[admin]);
  expect(response.errors).toBeUndefined();
  const connection = response.data[service === 'clinical' ? 'auditEvents' : 'demographicAuditEvents'] as { edges: { node: Event }[] };
  return connection.edges.map((edge) => edge.node);
};

describe.each(['gateway', 'clinical'] as const)('%s: AQL and cohorts across organisations', (via) => {
  it('a clinician of org-c gets the rows, counts and cohort of org-c only', async () => {
    const rows = await system[via].request(AQL, { q: ROWS }, as.staffC);
    expect(rows.errors).toBeUndefined();
    expect(new Set(rows.data.aql.rows.map((row: string[]) => row[0]))).toEqual(new Set(ehrs['org-c']));
    const count = await system[via].request(AQL, { q: COUNT }, as.staffC);
    expect(count.data.aql.rows).toEqual([[EHRS['org-c']]]);
    const stored = await system[via].request(EXECUTE, { n: 'network_rows' }, as.staffC);
    expect(new Set(stored.data.executeStoredQuery.rows.map((row: string[]) => row[0]))).toEqual(new Set(ehrs['org-c']));
    const cohort = await system[via].request(COHORT, { q: HBA1C_COHORT }, as.staffC);
    expect(cohort.data.cohort.total).toMatchObject({ suppressed: false, ehrCount: EHRS['org-c'], valueCount: EHRS['org-c'] });
    const text = JSON.stringify([rows, count, stored, cohort]);
    for (const id of network()) expect(text).not.toContain(id);
  });

  it('a clinician of org-b gets org-a’s through the network, and nothing of org-c', async () => {
    const rows = await system[via].request(AQL, { q: ROWS }, as.staffB);
    expect(new Set(rows.data.aql.rows.map((row: string[]) => row[0]))).toEqual(new Set(network()));
    const count = await system[via].request(AQL, { q: COUNT }, as.staffB);
    expect(count.data.aql.rows).toEqual([[EHRS['org-a'] + EHRS['org-b']]]);
    const cohort = await system[via].request(COHORT, { q: HBA1C_COHORT }, as.staffB);
    expect(cohort.data.cohort.total).toMatchObject({ ehrCount: EHRS['org-a'] + EHRS['org-b'] });
    const text = JSON.stringify([rows, count, cohort]);
    for (const id of ehrs['org-c']) expect(text).not.toContain(id);
  });
});

describe('the audit trail of AQL and cohorts', () => {
  it('names the EHRs behind a clinician’s AQL rows, aggregates, stored query and cohort', async () => {
    for (const org of ['org-b', 'org-c'] as const) {
      const staff = STAFF[org];
      const visible = org === 'org-c' ? ehrs['org-c'] : network();
      for (const request of [
        { query: AQL, variables: { q: ROWS }, label: '*' },
        { query: AQL, variables: { q: COUNT }, label: '*' },
        { query: EXECUTE, variables: { n: 'network_rows' }, label: 'network_rows::1.0.0' },
      ]) {
        const answer = await system.clinical.request(request.query, request.variables, as[staff]);
        expect(answer.errors).toBeUndefined();
        const [event] = await eventsOf(ADMIN[org], { sub: PEOPLE[staff].sub, action: 'aql', subjectType: 'Ehr' });
        expect(event).toMatchObject({ org, allowed: true, reason: `contributed to ${request.label}` });
        expect(new Set(event?.subjectIds)).toEqual(new Set(visible));
        const [execute] = await eventsOf(ADMIN[org], { sub: PEOPLE[staff].sub, action: 'execute', subjectType: 'StoredQuery' });
        expect(execute).toMatchObject({ subjectIds: [request.label], allowed: true });
        expect(execute?.reason).toMatch(new RegExp(` rows from ${visible.length} EHRs$`));
      }
      await system.clinical.request(COHORT, { q: HBA1C_COHORT }, as[staff]);
      // "who read this EHR?" finds the query
      const reads = await eventsOf(ADMIN[org], { subjectId: visible[0], action: 'aql' });
      expect(reads.map((event) => event.sub)).toEqual(expect.arrayContaining([PEOPLE[staff].sub]));
      const [named] = await eventsOf(ADMIN[org], { sub: PEOPLE[staff].sub, action: 'cohort', subjectType: 'Ehr' });
      expect(new Set(named?.subjectIds)).toEqual(new Set(visible));
      const [counted] = await eventsOf(ADMIN[org], { sub: PEOPLE[staff].sub, action: 'cohort', subjectType: 'Entry' });
      expect(counted?.reason).toContain(`; ${visible.length} EHRs counted`);
    }
  });

  it('records only how many EHRs a researcher’s AQL and cohort read, never which', async () => {
    const aggregate = await system.clinical.request(AQL, { q: COUNT }, as.researcherC);
    expect(aggregate.errors).toBeUndefined();
    await system.clinical.request(COHORT, { q: HBA1C_COHORT }, as.researcherC);
    const events = await eventsOf('adminC', { sub: PEOPLE.researcherC.sub });
    expect(events.filter((event) => event.subjectType === 'Ehr')).toEqual([]);
    const text = JSON.stringify(events);
    for (const id of Object.values(ehrs).flat()) expect(text).not.toContain(id);
    // only org-a allows research use
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'execute', subjectIds: ['*'], allowed: true, reason: `1 rows from ${EHRS['org-a']} EHRs` }),
        expect.objectContaining({ action: 'cohort', subjectIds: [], allowed: true, reason: expect.stringContaining(`; ${EHRS['org-a']} EHRs counted`) }),
      ]),
    );
  });

  it('records a refused AQL path, rows or cohort path as a denied event naming the category, never the query’s values', async () => {
    const secret = 'Dr Hidden-Name-4711';
    const refusals = [
      [AQL, { q: `SELECT COUNT(*) FROM EHR e CONTAINS COMPOSITION c WHERE c/composer/name = '${secret}'` }, 'AQL path refused: composer'],
      [AQL, { q: `SELECT e/ehr_id/value FROM EHR e WHERE e/ehr_id/value = '${secret}'` }, 'AQL path refused: recordIds'],
      [AQL, { q: `SELECT c FROM EHR e CONTAINS COMPOSITION c` }, 'AQL path refused: whole object'],
      [AQL, { q: `SELECT c/name/value FROM EHR e CONTAINS COMPOSITION c WHERE c/name/value = '${secret}'` }, 'AQL rows refused: aggregates only'],
      [COHORT, { q: { ...HBA1C_COHORT, elementPath: '/subject/external_ref/id/value' } }, 'cohort path refused: subject'],
    ] as const;
    for (const [query, variables, reason] of refusals) {
      const response = await system.gateway.request(query, variables, as.researcherC);
      expectOneError(response, 'BAD_USER_INPUT');
      const [event] = await eventsOf('adminC', { sub: PEOPLE.researcherC.sub, allowed: false });
      expect(event).toMatchObject({ org: 'org-c', allowed: false, reason });
      expect(JSON.stringify(event)).not.toContain(secret);
    }
  });

  it('records a stored query the caller may not run, and ad-hoc AQL without the right, as denied events', async () => {
    expectOneError(await system.gateway.request(EXECUTE, { n: 'network_rows' }, as.nurseC), 'NOT_FOUND', ['executeStoredQuery']);
    expectOneError(await system.gateway.request(AQL, { q: COUNT }, as.nurseC), 'FORBIDDEN', ['aql']);
    const denied = await eventsOf('adminC', { sub: PEOPLE.nurseC.sub, allowed: false });
    expect(denied.map((event) => [event.action, event.subjectType, event.subjectIds])).toEqual([
      ['execute', 'StoredQuery', ['*']],
      ['execute', 'StoredQuery', ['network_rows::1.0.0']],
    ]);
  });

  it('each organisation’s admin reads its own callers’ AQL and cohort events only', async () => {
    for (const org of ['org-a', 'org-b', 'org-c'] as const) {
      const events = [
        ...(await eventsOf(ADMIN[org], { action: 'aql' })),
        ...(await eventsOf(ADMIN[org], { action: 'cohort' })),
        ...(await eventsOf(ADMIN[org], { action: 'execute' })),
      ];
      if (org !== 'org-a') expect(events.length).toBeGreaterThan(0);
      for (const event of events) expect(event.org).toBe(org);
    }
    // org-a's admin does not learn that org-b's clinician read org-a's EHRs: that event is org-b's
    expect(await eventsOf('adminA', { sub: PEOPLE.staffB.sub })).toEqual([]);
  });
});

describe('refused links in the demographic audit trail', () => {
  it('records each refusal for the refusing caller’s admin, and for no other organisation’s', async () => {
    const LINK = `mutation($p: UUID!, $e: UUID!) { linkEhr(patientId: $p, ehrId: $e) { id } }`;
    const patientA = patients['org-a'] as string;
    const patientC = patients['org-c'] as string;
    // org-c: its own patient to an org-a EHR (unreadable there), and org-a's patient (out of scope)
    expectOneError(await system.gateway.request(LINK, { p: patientC, e: ehrs['org-a'][1] }, as.staffC), 'NOT_FOUND', ['linkEhr']);
    expectOneError(await system.gateway.request(LINK, { p: patientA, e: ehrs['org-c'][1] }, as.staffC), 'NOT_FOUND', ['linkEhr']);
    // a registrar of org-b sees org-a's patient through the network, but may not link it
    expectOneError(await system.gateway.request(LINK, { p: patientA, e: ehrs['org-b'][0] }, as.registrarB), 'FORBIDDEN', ['linkEhr']);

    const deniedC = await eventsOf('adminC', { sub: PEOPLE.staffC.sub, allowed: false }, 'demographic');
    expect(deniedC).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'link:ehr', subjectIds: [patientC] }),
        expect.objectContaining({ action: 'read', subjectType: 'Patient', subjectIds: [patientA] }),
      ]),
    );
    const deniedB = await eventsOf('adminB', { sub: PEOPLE.registrarB.sub, allowed: false }, 'demographic');
    expect(deniedB).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'link', subjectType: 'Patient', subjectIds: [patientA] })]));
    // the EHR ids stay out of the demographic trail; org-a's admin sees none of the other organisations' refusals
    expect(JSON.stringify([...deniedB, ...deniedC])).not.toMatch(new RegExp(Object.values(ehrs).flat().join('|')));
    expect(await eventsOf('adminA', { sub: PEOPLE.staffC.sub }, 'demographic')).toEqual([]);
    expect(await eventsOf('adminA', { sub: PEOPLE.registrarB.sub }, 'demographic')).toEqual([]);
    for (const org of ['org-a', 'org-b', 'org-c'] as const) {
      for (const event of await eventsOf(ADMIN[org], {}, 'demographic')) expect(event.org).toBe(org);
    }
  });
});
