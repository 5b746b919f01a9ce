import { describe, expect, it } from 'vitest';
import {
  budgetText,
  chartSeries,
  codeOptions,
  elementLabel,
  monthlyPoints,
  problemOf,
  windowOf,
  type CohortAnswer,
  type CohortCell,
  type Disclosure,
} from '../../../../console/src/research/cohort-data.ts';

const cell = (ehrCount: number, mean: number): CohortCell => ({ suppressed: false, ehrCount, valueCount: ehrCount + 1, mean });
const SUPPRESSED: CohortCell = { suppressed: true, ehrCount: null, valueCount: null, mean: null };
const DISCLOSURE: Disclosure = {
  minimumCellSize: 5,
  countNoiseScale: 2,
  valueNoiseScale: 1,
  orderStatisticsMinimumCellSize: 20,
  budget: { queries: 100, windowSeconds: 86_400, remaining: 97, resetsAt: '2025-06-02T10:00:00.000Z' },
};
const answer = (groups: CohortAnswer['groups']): CohortAnswer => ({ groups, total: cell(20, 6.5), minimumCellSize: 5, suppressionApplied: true });

describe('windowOf', () => {
  it('spans whole months, the last one included, as whole UTC days', () => {
    expect(windowOf('2024-11', '2025-02')).toEqual({
      from: '2024-11-01T00:00:00Z',
      to: '2025-03-01T00:00:00Z',
      months: ['2024-11', '2024-12', '2025-01', '2025-02'],
    });
    expect(windowOf('2025-12', '2025-12')).toMatchObject({ to: '2026-01-01T00:00:00Z', months: ['2025-12'] });
  });

  it('refuses reversed, malformed and overlong windows with a message', () => {
    expect(windowOf('2025-03', '2025-01')).toEqual({ error: 'The first month must not be after the last.' });
    expect(windowOf('2025-13', '2025-14')).toHaveProperty('error');
    expect(windowOf('', '2025-01')).toHaveProperty('error');
    expect(windowOf('2000-01', '2020-01')).toEqual({ error: 'Choose at most 120 months.' });
  });
});

describe('monthlyPoints', () => {
  const months = ['2025-01', '2025-02', '2025-03', '2025-04'];
  const groups = [
    { key: '2025-01', cell: cell(9, 6.6) },
    { key: '2025-03', cell: SUPPRESSED },
    { key: '2025-04', cell: cell(6, 6.4) },
  ];

  it('marks suppressed months with k, reported ones as noised, and fills months without values', () => {
    expect(monthlyPoints(answer(groups), months, DISCLOSURE)).toEqual([
      { month: '2025-01', status: 'reported', ehrCount: 9, valueCount: 10, mean: 6.6, note: 'noised ±2' },
      { month: '2025-02', status: 'empty', ehrCount: null, valueCount: null, mean: null, note: 'no values' },
      { month: '2025-03', status: 'suppressed', ehrCount: null, valueCount: null, mean: null, note: 'suppressed (<5)' },
      { month: '2025-04', status: 'reported', ehrCount: 6, valueCount: 7, mean: 6.4, note: 'noised ±2' },
    ]);
  });

  it('calls the numbers of a caller without disclosure control exact', () => {
    const exact = { ...answer([{ key: '2025-01', cell: cell(2, 7) }]), minimumCellSize: null, suppressionApplied: false };
    expect(monthlyPoints(exact, ['2025-01'], null)[0]?.note).toBe('exact');
  });

  it('gives the chart a hatched bar of height k where a month is suppressed, and no bar where it is empty', () => {
    const series = chartSeries(monthlyPoints(answer(groups), months, DISCLOSURE), 5);
    expect(series).toEqual({
      labels: months,
      ehrCounts: [9, null, null, 6],
      suppressed: [null, null, 5, null],
      means: [6.6, null, null, 6.4],
    });
  });
});

describe('codeOptions', () => {
  it('lists codes by EHRs, suppressed ones last and labelled', () => {
    const codes = answer([
      { key: 'LOINC::17351-8', cell: SUPPRESSED },
      { key: 'LOINC::2345-7', cell: cell(6, 1) },
      { key: 'LOINC::4548-4', cell: cell(14, 1) },
    ]);
    expect(codeOptions(codes)).toEqual([
      { code: 'LOINC::4548-4', label: 'LOINC::4548-4 (14 EHRs)' },
      { code: 'LOINC::2345-7', label: 'LOINC::2345-7 (6 EHRs)' },
      { code: 'LOINC::17351-8', label: 'LOINC::17351-8 (suppressed, <5 EHRs)' },
    ]);
  });
});

describe('labels', () => {
  it('names an element by its archetype concept and path', () => {
    const element = { archetypeId: 'openEHR-EHR-OBSERVATION.laboratory_test_result.v1', elementPath: '/data[at0001]/items[at0001]/value' };
    expect(elementLabel(element)).toBe('laboratory test result v1 (OBSERVATION) · /data[at0001]/items[at0001]/value');
    expect(elementLabel({ archetypeId: 'odd', elementPath: '/x/value' })).toBe('odd · /x/value');
  });

  it('shows the budget left and when it is whole again', () => {
    expect(budgetText(DISCLOSURE)).toBe('97 of 100 research queries left in this 86400 s window (whole again at 2025-06-02T10:00:00.000Z)');
    expect(budgetText({ ...DISCLOSURE, budget: null })).toBe('No research query budget is set.');
    expect(budgetText(null)).toBe('Exact numbers: no research query budget applies to you.');
  });
});

describe('problemOf', () => {
  it("tells a spent budget and bad input apart, in the server's words, titled once", () => {
    const spent = [
      { message: 'Research query budget spent: at most 3 research queries per 3600 s. Retry in 5 s.', extensions: { code: 'RESEARCH_BUDGET_EXHAUSTED' } },
    ];
    expect(problemOf(spent)).toEqual({ kind: 'budget', text: spent[0]?.message });
    expect(problemOf([{ message: 'from must be a midnight', extensions: { code: 'BAD_USER_INPUT' } }])).toEqual({
      kind: 'input',
      text: 'Bad input: from must be a midnight',
    });
    expect(problemOf([{ message: 'HTTP 502' }]).kind).toBe('other');
  });
});
