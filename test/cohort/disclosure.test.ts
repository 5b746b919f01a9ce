/**
 * Disclosure control of research numbers through HTTP (docs/cohorts.md, "Disclosure control"):
 * sticky noise, the differencing attack of issue 12 replayed, whole-day research windows, the
 * research query budget, and aggregate-only AQL for researchers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicyWithResearch } from '../kit/policies.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import type { Headers } from '../kit/tokens.ts';
import { castHeaders, headersFor } from '../security/support.ts';
import { COHORT, HBA1C_CODE, LAB, RESULT_VALUE, seed, type CohortAnswer, type Dataset } from './support.ts';

const BUDGET = 30;
const AQL = `query($q: String!, $p: JSON) { aql(query: $q, parameters: $p) { rows } }`;
const MAGNITUDE = `l/data[at0001]/events[at0002]/data[at0003]/items[at0001]/value/magnitude`;

let system: TestSystem;
let data: Dataset;
let admin: Headers;
let auditor: Headers;

beforeAll(async () => {
  const research = { budget: { queries: BUDGET, windowSeconds: 3600 }, rowLevelQueries: ['org.example::lab_names'] };
  system = await startSystem({ sharedRedis: true, clinicalEnv: { POLICY_PATH: defaultPolicyWithResearch(research) } });
  const cast = await castHeaders(system);
  admin = await headersFor(system, { sub: 'curator', org: 'org-a', roles: ['admin'] });
  auditor = cast.auditor;
  data = await seed(system.clinical, { 'org-a': cast.clinicianA, 'org-b': cast.clinicianB });
});
afterAll(() => system?.stop());

const researcher = (sub: string) => headersFor(system, { sub, org: 'uni-r', roles: ['researcher'] });
const hba1c = (window: { from?: string; to?: string }) => ({ archetypeId: LAB, elementPath: RESULT_VALUE, code: HBA1C_CODE, ...window });

async function cohort(headers: Headers, query: Record<string, unknown>, via: 'clinical' | 'gateway' = 'clinical') {
  const response = await system[via].request<{ cohort: CohortAnswer }>(COHORT, { q: query }, headers);
  return { answer: response.data?.cohort ?? null, code: response.errors?.[0]?.extensions?.['code'] ?? null };
}

/** Org-a's HbA1c values with a time before `to` (the researcher's population: org-a allows research use). */
const exactBefore = (to: string) => data.labs.filter((f) => f.org === 'org-a' && f.code === HBA1C_CODE && f.at < new Date(to));

describe('sticky noise on cohort numbers', () => {
  it('gives a researcher noised numbers, the same on every repetition and for any phrasing over the same rows', async () => {
    const headers = await researcher('r-sticky');
    const window = { from: '2025-01-01T00:00:00Z', to: '2025-01-18T00:00:00Z' };
    const first = (await cohort(headers, hba1c(window))).answer;
    const again = (await cohort(headers, hba1c(window), 'gateway')).answer;
    // same rows: a window starting earlier, with no data in between, and a range holding every value
    const rephrased = (await cohort(headers, { ...hba1c({ ...window, from: '2024-06-01T00:00:00Z' }), valueRange: { min: 0, max: 100 } })).answer;
    expect(again).toEqual(first);
    expect(rephrased?.total).toEqual(first?.total);
    const exact = exactBefore(window.to).map((f) => f.value);
    const exactMean = exact.reduce((sum, v) => sum + v, 0) / exact.length;
    expect(first?.total.mean).not.toBe(exactMean);
    // 8 EHRs: below 20, so min, max and percentiles are withheld
    expect([first?.total.min, first?.total.max, first?.total.median, first?.total.p95]).toEqual([null, null, null, null]);
  });

  it('gives a clinician the exact numbers', async () => {
    const clinician = await headersFor(system, { sub: 'c', org: 'org-a', roles: ['clinician'] });
    const answer = (await cohort(clinician, hba1c({ from: '2025-01-01T00:00:00Z', to: '2025-01-18T00:00:00Z' }))).answer;
    const facts = data.labs.filter((f) => f.code === HBA1C_CODE && f.at >= new Date('2025-01-01T00:00:00Z') && f.at < new Date('2025-01-18T00:00:00Z'));
    expect(answer?.total.ehrCount).toBe(new Set(facts.map((f) => f.ehr)).size);
    expect(answer?.total.min).toBe(Math.min(...facts.map((f) => f.value)));
  });

  it('refuses research windows that are not whole days (they would single out one test by its second)', async () => {
    const { code } = await cohort(await researcher('r-days'), hba1c({ to: '2025-01-17T09:00:01Z' }));
    expect(code).toBe('BAD_USER_INPUT');
  });
});

describe('the differencing attack of issue 12', () => {
  it('does not give the value of the one EHR by which two windows differ', async () => {
    const headers = await researcher('r-difference');
    const errors: number[] = [];
    // Windows ending on consecutive days of January: each next one adds exactly one org-a EHR.
    for (const [before, after] of [
      ['2025-01-15', '2025-01-16'],
      ['2025-01-16', '2025-01-17'],
      ['2025-01-17', '2025-01-18'],
    ] as const) {
      const a = (await cohort(headers, hba1c({ from: '2025-01-01T00:00:00Z', to: `${before}T00:00:00Z` }))).answer?.total;
      const b = (await cohort(headers, hba1c({ from: '2025-01-01T00:00:00Z', to: `${after}T00:00:00Z` }))).answer?.total;
      const added = exactBefore(`${after}T00:00:00Z`).filter((f) => f.at >= new Date(`${before}T00:00:00Z`));
      expect(added).toHaveLength(1);
      const estimate = (b?.ehrCount ?? 0) * (b?.mean ?? 0) - (a?.ehrCount ?? 0) * (a?.mean ?? 0);
      errors.push(Math.abs(estimate - (added[0]?.value ?? 0)));
    }
    // Each estimate misses; test/unit/clinical/disclosure/noise.test.ts checks the size of the miss over many secrets.
    expect(errors.every((error) => error > 1e-6)).toBe(true);
    expect(Math.max(...errors)).toBeGreaterThan(0.5);
  });

  it('is stopped by the research budget: a binary search on `to` gets RESEARCH_BUDGET_EXHAUSTED, for cohorts and AQL alike', async () => {
    const headers = await researcher('r-search');
    let low = new Date('2025-01-01T00:00:00Z').getTime();
    let high = new Date('2025-05-01T00:00:00Z').getTime();
    const day = 86_400_000;
    let answered = 0;
    let refusal: unknown = null;
    for (let step = 0; step < 100 && refusal === null; step += 1) {
      const middle = low + Math.max(1, Math.floor((high - low) / day / 2)) * day;
      const { answer, code } = await cohort(headers, hba1c({ to: new Date(middle).toISOString() }), step % 2 === 0 ? 'clinical' : 'gateway');
      if (code !== null) refusal = code;
      else {
        answered += 1;
        if ((answer?.total.ehrCount ?? 0) > 0) high = middle;
        else low = middle;
        if (high - low <= day) [low, high] = [new Date('2025-01-01T00:00:00Z').getTime(), new Date('2025-05-01T00:00:00Z').getTime()];
      }
    }
    expect([refusal, answered]).toEqual(['RESEARCH_BUDGET_EXHAUSTED', BUDGET]);
    const aql = await system.gateway.request(AQL, { q: `SELECT COUNT(*) FROM OBSERVATION l[${LAB}]` }, headers);
    expect(aql.errors?.[0]?.extensions).toMatchObject({ code: 'RESEARCH_BUDGET_EXHAUSTED', budget: BUDGET, windowSeconds: 3600 });
    expect(aql.errors?.[0]?.message).toContain(`at most ${BUDGET} research queries per 3600 s`);
    // both refusals are denied events of the audit trail
    const audit = `query { auditEvents(filter: { sub: "r-search", allowed: false }, first: 10) { edges { node { action subjectType subjectIds reason } } } }`;
    const denied = (await system.clinical.request(audit, {}, auditor)).data.auditEvents.edges.map((edge: { node: unknown }) => edge.node);
    expect(denied).toEqual([
      { action: 'execute', subjectType: 'StoredQuery', subjectIds: ['*'], reason: 'research query budget spent' },
      { action: 'cohort', subjectType: 'Entry', subjectIds: [], reason: 'research query budget spent' },
    ]);
    // another researcher's budget is their own
    expect((await cohort(await researcher('r-other'), hba1c({}))).code).toBeNull();
  });
});

describe.each(['clinical', 'gateway'] as const)('%s: AQL for a researcher is aggregate-only', (via) => {
  const aql = async (sub: string, q: string, p?: Record<string, unknown>) => system[via].request(AQL, { q, p }, await researcher(sub));

  it('answers aggregates with noise, sticky, and withholds min/max of fewer than 20 EHRs', async () => {
    const q = `SELECT COUNT(*) AS n, AVG(${MAGNITUDE}) AS mean, MAX(${MAGNITUDE}) AS highest FROM EHR e CONTAINS COMPOSITION c CONTAINS OBSERVATION l[${LAB}]`;
    const first = await aql(`r-aql-${via}`, q);
    expect(first.errors).toBeUndefined();
    const [[n, mean, highest]] = first.data.aql.rows as [[number, number, unknown]];
    expect(Number.isInteger(n)).toBe(true);
    expect(typeof mean).toBe('number');
    expect(highest).toBeNull();
    expect((await aql(`r-aql-${via}`, q)).data.aql.rows).toEqual(first.data.aql.rows);
  });

  it.each([
    ['a value per record', `SELECT ${MAGNITUDE} FROM OBSERVATION l[${LAB}]`],
    ['a value next to a count', `SELECT COUNT(*), ${MAGNITUDE} FROM OBSERVATION l[${LAB}]`],
    ['the time an EHR was created', `SELECT e/time_created/value FROM EHR e`],
    ['a composition uid', `SELECT c/uid/value FROM EHR e CONTAINS COMPOSITION c`],
  ])('refuses %s with BAD_USER_INPUT before anything runs', async (_, q) => {
    const response = await aql(`r-refused-${via}`, q);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'query' });
    // The identity table (record stand-ins) or the aggregate rule, whichever sees it first.
    expect(response.errors?.[0]?.message).toMatch(/aggregates only|path refused/);
  });
});

describe('stored queries for a researcher', () => {
  const STORE = `mutation($n: String!, $q: String!) { storeQuery(name: $n, version: "1.0.0", query: $q) { name } }`;
  const EXECUTE = `query($n: String!) { executeStoredQuery(name: $n) { rows } }`;

  it('are aggregate-only too, except those the policy lists in research.rowLevelQueries', async () => {
    const q = `SELECT l/name/value AS name FROM OBSERVATION l[${LAB}]`;
    for (const name of ['org.example::lab_names', 'org.example::lab_names_unlisted']) {
      const stored = await system.clinical.request(STORE, { n: name, q }, admin);
      expect(stored.errors, JSON.stringify(stored.errors)).toBeUndefined();
    }
    const headers = await researcher('r-stored');
    const listed = await system.gateway.request(EXECUTE, { n: 'org.example::lab_names' }, headers);
    expect(listed.errors).toBeUndefined();
    expect(listed.data.executeStoredQuery.rows.length).toBeGreaterThan(0);
    const unlisted = await system.gateway.request(EXECUTE, { n: 'org.example::lab_names_unlisted' }, headers);
    expect(unlisted.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(unlisted.errors?.[0]?.message).toContain('aggregates only');
  });
});
