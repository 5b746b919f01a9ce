import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANCA, bloodPressureComposition, HBA1C, labReportComposition } from '../../scripts/demo/compositions.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';

const LAB = 'openEHR-EHR-OBSERVATION.laboratory_test_result.v1';
const BP = 'openEHR-EHR-OBSERVATION.blood_pressure.v2';
const RESULT = 'l/data[at0001]/events[at0002]/data[at0003]/items[at0001]/value/magnitude';
const SYSTOLIC = 'o/data[at0001]/events[at0002]/data[at0003]/items[at0004]/value/magnitude';

const AQL = `query($q: String!, $p: JSON, $offset: Int, $fetch: Int) {
  aql(query: $q, parameters: $p, offset: $offset, fetch: $fetch) { columns { name path } rows meta { rowCount limited } }
}`;
const EXECUTE = `query($n: String!, $v: String, $p: JSON) {
  executeStoredQuery(name: $n, version: $v, parameters: $p) { rows meta { storedQuery rowCount } }
}`;
const STORE = `mutation($n: String!, $v: String, $q: String!) { storeQuery(name: $n, version: $v, query: $q) { name version } }`;

let system: TestSystem;
const as: Record<string, Record<string, string>> = {};
/** What was committed, to compute expected rows independently of the query engine. */
const data = { systolic: { 'org-a': [] as number[], 'org-b': [] as number[] }, hba1c: [] as number[], anca: [] as number[] };

async function commit(headers: Record<string, string>, ehrId: string, composition: unknown) {
  const response = await system.gateway.request(
    `mutation($e: UUID!, $c: JSON!) { commitComposition(ehrId: $e, composition: $c) { uid } }`,
    { e: ehrId, c: composition },
    headers,
  );
  expect(response.errors).toBeUndefined();
}

beforeAll(async () => {
  system = await startSystem();
  for (const [name, claims] of Object.entries({
    clinicianA: { org: 'org-a', roles: ['clinician'] },
    clinicianB: { org: 'org-b', roles: ['clinician'] },
    nurse: { org: 'org-a', roles: ['nurse'] },
    researcher: { org: 'org-r', roles: ['researcher'] },
    admin: { org: 'org-a', roles: ['admin'] },
    scopedClinician: { org: 'org-a', roles: ['clinician'], scope: 'user/aql-patient_history.s' },
  })) {
    as[name] = { authorization: `Bearer ${await system.token({ sub: name, ...claims })}` };
  }
  for (const [org, headers] of [
    ['org-a', as.clinicianA],
    ['org-a', as.clinicianA],
    ['org-b', as.clinicianB],
  ] as const) {
    const ehrId = (await system.gateway.request(`mutation { createEhr { id } }`, {}, headers)).data.createEhr.id;
    for (const systolic of [118, 131, 152].map((value) => value + data.systolic[org].length)) {
      await commit(headers!, ehrId, bloodPressureComposition(systolic, 80, '2026-02-01T08:00:00Z'));
      data.systolic[org].push(systolic);
    }
    if (org === 'org-a') {
      const hba1c = 6.1 + data.hba1c.length;
      const anca = 40 + data.anca.length * 10;
      await commit(headers!, ehrId, labReportComposition([HBA1C(hba1c), ANCA(anca)], '2026-02-02T08:00:00Z'));
      data.hba1c.push(hba1c);
      data.anca.push(anca);
    }
  }
});
afterAll(async () => {
  await system?.stop();
});

const run = (who: string, q: string, p?: Record<string, unknown>, paging: { offset?: number; fetch?: number } = {}) =>
  system.gateway.request(AQL, { q, p, ...paging }, as[who]);

describe('ad-hoc AQL', () => {
  it('selects, filters with a parameter, orders and limits over the caller’s network', async () => {
    const q = `SELECT ${SYSTOLIC} AS systolic FROM EHR e CONTAINS COMPOSITION c CONTAINS OBSERVATION o[${BP}] WHERE ${SYSTOLIC} > $min ORDER BY ${SYSTOLIC} DESC LIMIT 4`;
    const response = await run('clinicianA', q, { min: 120 });
    expect(response.errors).toBeUndefined();
    const expected = [...data.systolic['org-a'], ...data.systolic['org-b']]
      .filter((v) => v > 120)
      .sort((a, b) => b - a)
      .slice(0, 4);
    expect(response.data.aql.rows).toEqual(expected.map((value) => [value]));
    expect(response.data.aql.columns).toEqual([{ name: 'systolic', path: expect.stringContaining('items[at0004]') }]);
    expect(response.data.aql.meta).toEqual({ rowCount: expected.length, limited: true });
  });

  it('pages with offset and fetch inside the result', async () => {
    const q = `SELECT ${SYSTOLIC} FROM OBSERVATION o[${BP}] ORDER BY ${SYSTOLIC} ASC`;
    const all = [...data.systolic['org-a'], ...data.systolic['org-b']].sort((a, b) => a - b);
    const page = await run('clinicianA', q, {}, { offset: 2, fetch: 3 });
    expect(page.data.aql.rows).toEqual(all.slice(2, 5).map((value) => [value]));
  });

  it('gives a researcher nothing from fewer than 5 EHRs (research-allowed org-a has 2 here)', async () => {
    // test/cohort/disclosure.test.ts covers what researchers get from larger populations.
    const response = await run('researcher', `SELECT COUNT(*) AS n, MAX(${SYSTOLIC}) AS highest FROM OBSERVATION o[${BP}]`);
    expect(response.errors).toBeUndefined();
    expect(response.data.aql.rows).toEqual([[null, null]]);
  });

  it('refuses a researcher row-level results: every selected column must aggregate', async () => {
    const response = await run('researcher', `SELECT COUNT(*) AS n, ${SYSTOLIC} AS systolic FROM OBSERVATION o[${BP}]`);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'query', construct: SYSTOLIC });
    expect(response.errors?.[0]?.message).toContain('aggregates only');
  });

  it.each([
    ['e/ehr_id/value', `SELECT e/ehr_id/value FROM EHR e CONTAINS COMPOSITION c`],
    ['e/ehr_status/subject', `SELECT e/ehr_status/subject/external_ref/id/value FROM EHR e`],
    ['c/composer', `SELECT c/composer/name FROM EHR e CONTAINS COMPOSITION c`],
    ['a whole composition (it names people inside)', `SELECT c FROM EHR e CONTAINS COMPOSITION c`],
    ['a whole entry', `SELECT o FROM OBSERVATION o[${BP}]`],
  ])('refuses %s to a researcher, before running anything', async (_, q) => {
    const response = await run('researcher', q);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'query' });
    expect(response.data ?? null).toBeNull();
  });

  it.each([
    ['a syntax error', 'SELECT c FROM COMPOSITION c WHERE', 1],
    ['an unsupported construct (TIMEWINDOW)', 'SELECT c FROM COMPOSITION c\nTIMEWINDOW PT12H/2019-10-24', 2],
  ])('refuses %s with line, column and construct', async (_, q, line) => {
    const response = await run('clinicianA', q);
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'query',
      line,
      column: expect.any(Number),
      construct: expect.any(String),
    });
  });

  it('refuses a missing parameter and a non-object parameters value', async () => {
    const q = `SELECT ${SYSTOLIC} FROM OBSERVATION o[${BP}] WHERE ${SYSTOLIC} > $min`;
    expect((await run('clinicianA', q)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const array = await system.gateway.request(AQL, { q, p: [1] }, as.clinicianA);
    expect(array.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'parameters' });
  });

  it('is a permission of its own: nurses and admins may not run ad-hoc queries', async () => {
    for (const who of ['nurse', 'admin', 'scopedClinician']) {
      expect((await run(who, `SELECT c FROM COMPOSITION c`)).errors?.[0]?.extensions?.code, who).toBe('FORBIDDEN');
    }
  });
});

describe('stored queries', () => {
  const HISTORY = `SELECT COUNT(*) AS results, MIN(${RESULT}) AS low, MAX(${RESULT}) AS high FROM EHR e CONTAINS COMPOSITION c CONTAINS OBSERVATION l[${LAB}]`;

  it('are stored by admins with semantic versions, parsed first', async () => {
    expect((await system.gateway.request(STORE, { n: 'patient_history', v: '1.0.0', q: 'SELECT c FROM COMPOSITION c' }, as.admin)).errors).toBeUndefined();
    const bumped = await system.gateway.request(STORE, { n: 'patient_history', q: HISTORY }, as.admin);
    expect(bumped.data.storeQuery).toEqual({ name: 'patient_history', version: '1.0.1' });
    const again = await system.gateway.request(STORE, { n: 'patient_history', v: '1.0.1', q: HISTORY }, as.admin);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const invalid = await system.gateway.request(STORE, { n: 'broken', q: 'SELEKT nothing' }, as.admin);
    expect(invalid.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'query' });
    const reserved = await system.gateway.request(STORE, { n: 'aql', q: HISTORY }, as.admin);
    expect(reserved.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'name' });
    expect((await system.gateway.request(STORE, { n: 'x', q: HISTORY }, as.clinicianA)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('run the latest matching version; the nurse never counts a withheld entry', async () => {
    const nurse = await system.gateway.request(EXECUTE, { n: 'patient_history' }, as.nurse);
    expect(nurse.errors).toBeUndefined();
    expect(nurse.data.executeStoredQuery.meta.storedQuery).toBe('patient_history::1.0.1');
    // only HbA1c results: the ANCA entries (restricted) add neither to the count nor to min/max
    expect(nurse.data.executeStoredQuery.rows).toEqual([[data.hba1c.length, Math.min(...data.hba1c), Math.max(...data.hba1c)]]);
    const clinician = await system.gateway.request(EXECUTE, { n: 'patient_history', v: '1' }, as.clinicianA);
    const all = [...data.hba1c, ...data.anca];
    expect(clinician.data.executeStoredQuery.rows).toEqual([[all.length, Math.min(...all), Math.max(...all)]]);
    const first = await system.gateway.request(EXECUTE, { n: 'patient_history', v: '1.0.0' }, as.clinicianA);
    expect(first.data.executeStoredQuery.meta.storedQuery).toBe('patient_history::1.0.0');
  });

  it('need execute on their name; a scope narrows to it', async () => {
    await system.gateway.request(STORE, { n: 'org.example::other', q: HISTORY }, as.admin);
    expect((await system.gateway.request(EXECUTE, { n: 'org.example::other' }, as.nurse)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await system.gateway.request(EXECUTE, { n: 'org.example::other' }, as.scopedClinician)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await system.gateway.request(EXECUTE, { n: 'patient_history' }, as.scopedClinician)).errors).toBeUndefined();
    const listed = await system.gateway.request(`{ storedQueries { name version } }`, {}, as.nurse);
    expect(listed.data.storedQueries).toEqual([
      { name: 'patient_history', version: '1.0.0' },
      { name: 'patient_history', version: '1.0.1' },
    ]);
    expect((await system.gateway.request(EXECUTE, { n: 'nope' }, as.clinicianA)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
