/**
 * What a research dashboard reads besides `cohort` (docs/cohorts.md, "For dashboards"): the
 * elements it can pick from, and the caller's disclosure control with the query budget left.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicyWithResearch } from '../kit/policies.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import type { Headers } from '../kit/tokens.ts';
import { bloodPressureComposition } from '../../scripts/demo/compositions.ts';
import { castHeaders, commit, createEhr, headersFor } from '../security/support.ts';
import { BLOOD_PRESSURE, COHORT, HBA1C_CODE, LAB, RESULT_VALUE, seed, SYSTOLIC } from './support.ts';

const BUDGET = 3;
/** An archetype of blood pressure's shape that only org-b (no research use) records. */
const ONLY_IN_ORG_B = 'openEHR-EHR-OBSERVATION.blood_pressure_org_b.v2';
const ELEMENTS = `query { cohortElements { archetypeId elementPath } }`;
const DISCLOSURE = `query { researchDisclosure { minimumCellSize countNoiseScale valueNoiseScale orderStatisticsMinimumCellSize
  budget { queries windowSeconds remaining resetsAt } } }`;

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem({
    sharedRedis: true,
    clinicalEnv: { POLICY_PATH: defaultPolicyWithResearch({ budget: { queries: BUDGET, windowSeconds: 3600 } }) },
  });
  const cast = await castHeaders(system);
  await seed(system.clinical, { 'org-a': cast.clinicianA, 'org-b': cast.clinicianB });
});
afterAll(() => system?.stop());

const researcher = (sub: string) => headersFor(system, { sub, org: 'uni-r', roles: ['researcher'] });
const disclosure = async (headers: Headers) => (await system.clinical.request(DISCLOSURE, {}, headers)).data?.researchDisclosure;
const hba1c = { archetypeId: LAB, elementPath: RESULT_VALUE, code: HBA1C_CODE, groupBy: 'MONTH' };

describe('cohortElements', () => {
  it('lists the numeric elements of the stored entries, for a researcher', async () => {
    const response = await system.clinical.request(ELEMENTS, {}, await researcher('r-elements'));
    expect(response.data?.cohortElements).toEqual(
      expect.arrayContaining([
        { archetypeId: LAB, elementPath: RESULT_VALUE },
        { archetypeId: BLOOD_PRESSURE, elementPath: SYSTOLIC },
      ]),
    );
  });

  it('leaves out an element found only where the caller reads nothing (an organisation without research use)', async () => {
    const cast = await castHeaders(system);
    const ehr = await createEhr(system.clinical, cast.clinicianB);
    const onlyInOrgB = JSON.parse(JSON.stringify(bloodPressureComposition(121, 79, '2025-02-01T08:00:00Z')).replaceAll(BLOOD_PRESSURE, ONLY_IN_ORG_B));
    await commit(system.clinical, cast.clinicianB, ehr.id, onlyInOrgB);
    const listed = async (headers: Headers) =>
      ((await system.clinical.request(ELEMENTS, {}, headers)).data?.cohortElements as { archetypeId: string }[]).map((element) => element.archetypeId);
    expect(await listed(cast.clinicianB)).toContain(ONLY_IN_ORG_B);
    const forResearcher = await listed(await researcher('r-org-b'));
    expect(forResearcher).toContain(LAB);
    expect(forResearcher).not.toContain(ONLY_IN_ORG_B);
  });

  it('is refused to callers who may read no entry', async () => {
    const registrar = await headersFor(system, { sub: 'reg', org: 'org-a', roles: ['registrar'] });
    const response = await system.clinical.request(ELEMENTS, {}, registrar);
    expect(response.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });
});

describe('researchDisclosure', () => {
  it('is null for a clinician, whose numbers are exact', async () => {
    const clinician = await headersFor(system, { sub: 'c', org: 'org-a', roles: ['clinician'] });
    expect(await disclosure(clinician)).toBeNull();
  });

  it("shows a researcher's settings and the budget going down with each research query; it and cohortElements spend none", async () => {
    const headers = await researcher('r-budget');
    expect((await system.clinical.request(ELEMENTS, {}, headers)).errors).toBeUndefined();
    await disclosure(headers);
    const before = await disclosure(headers);
    expect(before).toEqual({
      minimumCellSize: 5,
      countNoiseScale: 2,
      valueNoiseScale: 1,
      orderStatisticsMinimumCellSize: 20,
      budget: { queries: BUDGET, windowSeconds: 3600, remaining: BUDGET, resetsAt: null },
    });
    expect((await system.clinical.request(COHORT, { q: hba1c }, headers)).errors).toBeUndefined();
    const after = (await disclosure(headers))?.budget;
    expect(after?.remaining).toBe(BUDGET - 1);
    expect(Date.parse(after?.resetsAt as string)).toBeGreaterThan(Date.now());
    for (let spent = 1; spent < BUDGET; spent += 1) await system.clinical.request(COHORT, { q: hba1c }, headers);
    expect((await system.clinical.request(COHORT, { q: hba1c }, headers)).errors?.[0]?.extensions?.['code']).toBe('RESEARCH_BUDGET_EXHAUSTED');
    expect((await disclosure(headers))?.budget.remaining).toBe(0);
  });
});
