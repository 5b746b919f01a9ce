import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bloodPressureComposition } from '../../scripts/demo/compositions.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import { castHeaders, commit, createEhr, type Actor } from '../security/support.ts';
import { type Headers } from '../kit/tokens.ts';
import { cellOf, day, expectCell, expectGroups, groupsOf, isoWeek, month, type Fact } from './expected.ts';
import { ANCA_CODE, BLOOD_PRESSURE, COHORT, HBA1C_CODE, LAB, RESULT_VALUE, seed, SYSTOLIC, type Dataset, type CohortAnswer as Result } from './support.ts';

let system: TestSystem;
let cast: Record<Actor, Headers>;
let data: Dataset;

beforeAll(async () => {
  system = await startSystem({ sharedRedis: true });
  cast = await castHeaders(system);
  data = await seed(system.gateway, { 'org-a': cast.clinicianA, 'org-b': cast.clinicianB });
});
afterAll(() => system?.stop());

async function cohort(query: Record<string, unknown>, headers: Headers = cast.clinicianA, via: 'clinical' | 'gateway' = 'clinical'): Promise<Result> {
  const response = await system[via].request(COHORT, { q: query }, headers);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data.cohort;
}

const hba1c = (facts: Fact[]) => facts.filter((fact) => fact.code === HBA1C_CODE);
const codes = (fact: Fact) => [fact.code];

describe('cohort numbers for a clinician (exact, no suppression)', () => {
  it('counts and summarises HbA1c per month, the same through the gateway and the subgraph', async () => {
    const query = { archetypeId: LAB, elementPath: RESULT_VALUE, code: HBA1C_CODE, groupBy: 'MONTH' };
    const facts = hba1c(data.labs);
    for (const via of ['clinical', 'gateway'] as const) {
      const result = await cohort(query, cast.clinicianA, via);
      expect(result.suppressionApplied).toBe(false);
      expect(result.minimumCellSize).toBeNull();
      expectGroups(result.groups, groupsOf(facts, month), via);
      expectCell(result.total, cellOf(facts), `${via} total`);
    }
    // the updated report counts with its new value only, the deleted one not at all; 23:30 at -02:00 is February in UTC
    const months = groupsOf(facts, month).map((group) => [group.key, group.cell.valueCount]);
    expect(months).toEqual([
      ['2025-01', 11],
      ['2025-02', 8],
      ['2025-03', 2],
      ['2025-04', 5],
    ]);
  });

  it('groups by code: each code of the entry, language and encoding codes left out; the total counts each value once', async () => {
    const result = await cohort({ archetypeId: LAB, elementPath: RESULT_VALUE, groupBy: 'CODE' });
    expect(result.groups.map((group) => group.key)).toEqual([ANCA_CODE, HBA1C_CODE]);
    expectGroups(result.groups, groupsOf(data.labs, codes));
    expectCell(result.total, cellOf(data.labs));
  });

  it('filters by value range (bounds included) and by time window [from, to)', async () => {
    const inRange = hba1c(data.labs).filter((fact) => fact.value >= 6.0 && fact.value <= 7.4);
    const ranged = await cohort({ archetypeId: LAB, elementPath: RESULT_VALUE, code: HBA1C_CODE, valueRange: { min: 6.0, max: 7.4 } });
    expect(ranged.groups).toEqual([]);
    expectCell(ranged.total, cellOf(inRange));
    const from = new Date('2025-02-01T00:00:00Z');
    const to = new Date('2025-04-01T09:00:00Z');
    const inWindow = hba1c(data.labs).filter((fact) => fact.at >= from && fact.at < to);
    const windowed = await cohort({ archetypeId: LAB, elementPath: RESULT_VALUE, code: HBA1C_CODE, from, to, groupBy: 'MONTH' });
    expectGroups(windowed.groups, groupsOf(inWindow, month));
    expect(windowed.groups.map((group) => group.key)).toEqual(['2025-02', '2025-03']);
    const onlyAbove = await cohort({ archetypeId: LAB, elementPath: RESULT_VALUE, valueRange: { min: 100 } });
    expectCell(onlyAbove.total, cellOf(data.labs.filter((fact) => fact.value >= 100)));
  });

  it('follows node predicates, groups by day and ISO week, and filters by template', async () => {
    const query = { archetypeId: BLOOD_PRESSURE, elementPath: SYSTOLIC };
    expectGroups((await cohort({ ...query, groupBy: 'DAY' })).groups, groupsOf(data.pressures, day));
    const weeks = await cohort({ ...query, groupBy: 'WEEK' });
    expect(weeks.groups.map((group) => group.key)).toEqual(['2025-W02', '2025-W03']);
    expectGroups(weeks.groups, groupsOf(data.pressures, isoWeek));
    const diastolic = data.pressures.map((fact) => ({ ...fact, value: fact.diastolic }));
    expectCell((await cohort({ ...query, elementPath: SYSTOLIC.replace('at0004', 'at0005') })).total, cellOf(diastolic));
    const both = await cohort({ ...query, elementPath: '/data/events/data/items/value' });
    expectCell(both.total, cellOf([...data.pressures, ...diastolic]));
    expectCell((await cohort({ ...query, templateId: 'demo.vital_signs.v1' })).total, cellOf(data.pressures));
    expectCell((await cohort({ ...query, templateId: 'demo.laboratory_report.v1' })).total, cellOf([]));
  });

  it('reads DV_COUNT magnitudes and DV_PROPORTION ratios, and ignores other value types', async () => {
    const ehrId = (await createEhr(system.gateway, cast.clinicianA)).id;
    const document = bloodPressureComposition(1, 1, '2025-05-01T08:00:00Z') as { content: Record<string, unknown>[] };
    const observation = document.content[0] as Record<string, any>;
    const archetypeId = 'openEHR-EHR-OBSERVATION.counts.v1';
    observation.archetype_node_id = archetypeId;
    observation.archetype_details.archetype_id.value = archetypeId;
    observation.data.events[0].data.items = [
      { _type: 'ELEMENT', name: { _type: 'DV_TEXT', value: 'Count' }, archetype_node_id: 'at0004', value: { _type: 'DV_COUNT', magnitude: 3 } },
      {
        _type: 'ELEMENT',
        name: { _type: 'DV_TEXT', value: 'Ratio' },
        archetype_node_id: 'at0005',
        value: { _type: 'DV_PROPORTION', numerator: 1, denominator: 4, type: 0 },
      },
      { _type: 'ELEMENT', name: { _type: 'DV_TEXT', value: 'Note' }, archetype_node_id: 'at0006', value: { _type: 'DV_TEXT', value: '12' } },
    ];
    await commit(system.gateway, cast.clinicianA, ehrId, document);
    const result = await cohort({ archetypeId, elementPath: '/data[at0001]/events/data/items/value' });
    expectCell(
      result.total,
      cellOf([
        { ehr: 'C', value: 3 },
        { ehr: 'C', value: 0.25 },
      ]),
    );
  });

  it('gives a zero total and no groups when nothing matches', async () => {
    const result = await cohort({ archetypeId: 'openEHR-EHR-OBSERVATION.nothing.v1', elementPath: RESULT_VALUE, groupBy: 'MONTH' });
    expect(result).toEqual({ groups: [], total: cellOf([]), minimumCellSize: null, suppressionApplied: false });
  });
});

describe('only what the caller may read contributes', () => {
  it('a nurse gets no contribution from ANCA (restricted) entries: not in counts, minimum, maximum or code groups', async () => {
    const byCode = await cohort({ archetypeId: LAB, elementPath: RESULT_VALUE, groupBy: 'CODE' }, cast.nurseA);
    expect(byCode.suppressionApplied).toBe(false);
    expectGroups(byCode.groups, groupsOf(hba1c(data.labs), codes));
    expectCell(byCode.total, cellOf(hba1c(data.labs)));
    const anca = await cohort({ archetypeId: LAB, elementPath: RESULT_VALUE, code: ANCA_CODE, groupBy: 'MONTH' }, cast.nurseA);
    expect(anca).toEqual({ groups: [], total: cellOf([]), minimumCellSize: null, suppressionApplied: false });
    // control: the clinician's minimum and maximum are ANCA titres
    const clinician = await cohort({ archetypeId: LAB, elementPath: RESULT_VALUE });
    expect([clinician.total.min, clinician.total.max]).toEqual([1, 160]);
  });

  it('a clinician of another network counts nothing', async () => {
    const result = await cohort({ archetypeId: LAB, elementPath: RESULT_VALUE, groupBy: 'MONTH' }, cast.clinicianC);
    expect(result).toEqual({ groups: [], total: cellOf([]), minimumCellSize: null, suppressionApplied: false });
  });

  it('callers who may read no entry at all are refused (FORBIDDEN) before their input is looked at', async () => {
    for (const actor of ['admin', 'noRoles', 'registrar'] as const) {
      const response = await system.clinical.request(COHORT, { q: { archetypeId: 'x', elementPath: 'y' } }, cast[actor]);
      expect(
        response.errors?.map((error) => error.extensions?.code),
        actor,
      ).toEqual(['FORBIDDEN']);
      expect(response.data).toBeNull();
    }
  });
});

describe('bad input is BAD_USER_INPUT naming the argument', () => {
  const valid = { archetypeId: LAB, elementPath: RESULT_VALUE };
  it.each([
    ['an archetype id of the wrong shape', { archetypeId: 'blood pressure' }, 'query.archetypeId'],
    ['a path not starting with /', { elementPath: 'data[at0001]/value' }, 'query.elementPath'],
    ['a path not ending in /value', { elementPath: '/data[at0001]/events[at0002]' }, 'query.elementPath'],
    ['a name predicate', { elementPath: "/data[at0001]/items[at0004, 'Systolic']/value" }, 'query.elementPath'],
    ['an injected predicate', { elementPath: '/data[at0001" || true || "]/value' }, 'query.elementPath'],
    ['an attribute that is no name', { elementPath: '/data[at0001]/"x"/value' }, 'query.elementPath'],
    ['an empty step', { elementPath: '/data[at0001]//value' }, 'query.elementPath'],
    ['a code without terminology', { code: '4548-4' }, 'query.code'],
    ['a template id with spaces', { templateId: 'lab report' }, 'query.templateId'],
    ['min above max', { valueRange: { min: 8, max: 7 } }, 'query.valueRange'],
    ['from after to', { from: '2025-03-01T00:00:00Z', to: '2025-02-01T00:00:00Z' }, 'query.to'],
  ])('%s', async (_what, change, argument) => {
    const response = await system.clinical.request(COHORT, { q: { ...valid, ...change } }, cast.clinicianA);
    expect(response.errors?.map((error) => [error.extensions?.code, error.extensions?.argument])).toEqual([['BAD_USER_INPUT', argument]]);
    expect(response.errors?.[0]?.message).toMatch(new RegExp(`^${argument.replace('.', '\\.')} `));
  });
});
