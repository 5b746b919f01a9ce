import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicyWithResearch, EXACT_RESEARCH } from '../kit/policies.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import { castHeaders, type Actor } from '../security/support.ts';
import { type Headers } from '../kit/tokens.ts';
import { cellOf, expectCell, expectGroups, groupsOf, month, SUPPRESSED, type Fact, type Group } from './expected.ts';
import { ANCA_CODE, COHORT, HBA1C_CODE, LAB, RESULT_VALUE, seed, type Dataset, type CohortAnswer as Result } from './support.ts';

let system: TestSystem;
let cast: Record<Actor, Headers>;
let data: Dataset;
/** Every answer a researcher got in this file, for the identity check at the end. */
const researcherAnswers: string[] = [];

beforeAll(async () => {
  // Suppression alone, without noise (test/cohort/disclosure.test.ts covers the noise).
  system = await startSystem({ sharedRedis: true, clinicalEnv: { POLICY_PATH: defaultPolicyWithResearch(EXACT_RESEARCH) } });
  cast = await castHeaders(system);
  data = await seed(system.clinical, { 'org-a': cast.clinicianA, 'org-b': cast.clinicianB });
});
afterAll(() => system?.stop());

async function asResearcher(query: Record<string, unknown>, via: 'clinical' | 'gateway' = 'clinical'): Promise<Result> {
  const response = await system[via].request(COHORT, { q: query }, cast.researcher);
  researcherAnswers.push(JSON.stringify(response));
  expect(response.errors).toBeUndefined();
  return response.data.cohort;
}

/** Org-a allows research use; org-b does not. */
const researchable = (facts: Fact[]) => facts.filter((fact) => fact.org === 'org-a');
const hba1c = (facts: Fact[]) => facts.filter((fact) => fact.code === HBA1C_CODE);
const hba1cByMonth = { archetypeId: LAB, elementPath: RESULT_VALUE, code: HBA1C_CODE, groupBy: 'MONTH' };

describe('small-cell suppression for a researcher (k = 5 distinct EHRs)', () => {
  it('sees org-a only; hides March (2 EHRs) and, complementarily, April (5, the next smallest); shows the total', async () => {
    const facts = researchable(hba1c(data.labs));
    const exact = groupsOf(facts, month);
    expect(exact.map((group) => [group.key, group.cell.ehrCount])).toEqual([
      ['2025-01', 8],
      ['2025-02', 6],
      ['2025-03', 2],
      ['2025-04', 5],
    ]);
    for (const via of ['clinical', 'gateway'] as const) {
      const result = await asResearcher(hba1cByMonth, via);
      expect([result.suppressionApplied, result.minimumCellSize]).toEqual([true, 5]);
      expectGroups(
        result.groups,
        exact.map((group) => (group.key >= '2025-03' ? { ...group, cell: SUPPRESSED } : group)),
        via,
      );
      expectCell(result.total, cellOf(facts), `${via} total`);
    }
  });

  it('hides the next-smallest group when grouping by code too (ANCA: 3 EHRs, so HbA1c goes as well)', async () => {
    const result = await asResearcher({ archetypeId: LAB, elementPath: RESULT_VALUE, groupBy: 'CODE' });
    expect(result.groups).toEqual([
      { key: ANCA_CODE, cell: SUPPRESSED },
      { key: HBA1C_CODE, cell: SUPPRESSED },
    ]);
    expectCell(result.total, cellOf(researchable(data.labs)));
  });

  it('suppresses a total of fewer than 5 EHRs, and with it every group', async () => {
    const march = await asResearcher({ ...hba1cByMonth, from: '2025-03-01T00:00:00Z', to: '2025-04-01T00:00:00Z' });
    expect(march).toEqual({ groups: [{ key: '2025-03', cell: SUPPRESSED }], total: SUPPRESSED, minimumCellSize: 5, suppressionApplied: true });
    const nothing = await asResearcher({ ...hba1cByMonth, from: '2030-01-01T00:00:00Z' });
    expect(nothing).toEqual({ groups: [], total: SUPPRESSED, minimumCellSize: 5, suppressionApplied: true });
  });

  it('a clinician gets the same groups with exact numbers (network north: org-a and org-b)', async () => {
    const response = await system.clinical.request(COHORT, { q: hba1cByMonth }, cast.clinicianA);
    const result = response.data.cohort as Result;
    expect([result.suppressionApplied, result.minimumCellSize]).toEqual([false, null]);
    expectGroups(result.groups, groupsOf(hba1c(data.labs), month));
    expect(result.groups.every((group) => !group.cell.suppressed)).toBe(true);
  });

  it('another role of the caller does not lift suppression, even acting for research with it on the token', async () => {
    const headers = { authorization: `Bearer ${await system.token({ sub: 'dual', org: 'org-a', roles: ['researcher', 'clinician'], purpose: 'HRESCH' })}` };
    const response = await system.clinical.request(COHORT, { q: hba1cByMonth }, headers);
    expect(response.data.cohort.suppressionApplied).toBe(true);
    expect(response.data.cohort.groups.map((group: Group) => group.cell.suppressed)).toEqual([false, false, true, true]);
  });
});

describe('population answers carry no identity', () => {
  it('records one audit event per cohort query: its shape, no ids', async () => {
    const audit = `query { auditEvents(filter: { sub: "researcher-r", action: "cohort" }, first: 100) { edges { node { subjectType subjectIds allowed reason } } } }`;
    const before = (await system.clinical.request<{ auditEvents: { edges: unknown[] } }>(audit, {}, cast.auditor)).data!.auditEvents.edges.length;
    await asResearcher({ ...hba1cByMonth, valueRange: { min: 4 } });
    const events = (await system.clinical.request(audit, {}, cast.auditor)).data.auditEvents.edges.map((edge: { node: unknown }) => edge.node);
    expect(events).toHaveLength(before + 1);
    expect(events[0]).toMatchObject({ subjectType: 'Entry', subjectIds: [], allowed: true });
    expect(events[0].reason).toContain(`cohort ${LAB}${RESULT_VALUE}, by MONTH, code ${HBA1C_CODE}, values 4..inf`);
    expect(events[0].reason).toContain('suppressed');
  });

  it('no EHR id or subject id appears anywhere in a researcher answer', async () => {
    for (const groupBy of ['NONE', 'DAY', 'WEEK', 'MONTH', 'CODE']) await asResearcher({ archetypeId: LAB, elementPath: RESULT_VALUE, groupBy });
    const text = researcherAnswers.join('\n');
    expect(researcherAnswers.length).toBeGreaterThan(10);
    const secrets = [...Object.values(data.ehrIds), ...data.subjectIds];
    expect(secrets).toHaveLength(24);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
  });
});
