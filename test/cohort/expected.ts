/** Expected cohort numbers, computed in plain TypeScript from the facts a test committed. */
import { expect } from 'vitest';

/** One numeric value the service should count: its EHR, organisation, time (UTC), code and value. */
export interface Fact {
  ehr: string;
  org: string;
  at: Date;
  code: string;
  value: number;
}

export interface Cell {
  suppressed: boolean;
  ehrCount: number | null;
  valueCount: number | null;
  min: number | null;
  max: number | null;
  mean: number | null;
  p25: number | null;
  median: number | null;
  p75: number | null;
  p95: number | null;
}

export interface Group {
  key: string;
  cell: Cell;
}

export const SUPPRESSED: Cell = {
  suppressed: true,
  ehrCount: null,
  valueCount: null,
  min: null,
  max: null,
  mean: null,
  p25: null,
  median: null,
  p75: null,
  p95: null,
};

/** Continuous percentile with linear interpolation between the closest ranks (as percentile_cont). */
export function percentile(sorted: number[], p: number): number {
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const low = sorted[below] as number;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return low + (high - low) * (position - below);
}

export function cellOf(facts: { ehr: string; value: number }[]): Cell {
  const values = facts.map((fact) => fact.value).sort((a, b) => a - b);
  if (values.length === 0) return { ...SUPPRESSED, suppressed: false, ehrCount: 0, valueCount: 0 };
  return {
    suppressed: false,
    ehrCount: new Set(facts.map((fact) => fact.ehr)).size,
    valueCount: values.length,
    min: values[0] as number,
    max: values.at(-1) as number,
    mean: values.reduce((sum, value) => sum + value, 0) / values.length,
    p25: percentile(values, 0.25),
    median: percentile(values, 0.5),
    p75: percentile(values, 0.75),
    p95: percentile(values, 0.95),
  };
}

/** One group per key, keys ascending; `keys` gives each fact's keys (several for codes). */
export function groupsOf<F extends { ehr: string; value: number }>(facts: F[], keys: (fact: F) => string[]): Group[] {
  const byKey = new Map<string, F[]>();
  for (const fact of facts) for (const key of keys(fact)) byKey.set(key, [...(byKey.get(key) ?? []), fact]);
  return [...byKey.keys()].sort().map((key) => ({ key, cell: cellOf(byKey.get(key) as F[]) }));
}

export const month = (fact: Fact) => [fact.at.toISOString().slice(0, 7)];
export const day = (fact: Fact) => [fact.at.toISOString().slice(0, 10)];

/** ISO 8601 week `YYYY-Www` of the UTC date (weeks start on Monday; the week's Thursday decides the year). */
export function isoWeek(fact: Fact): string[] {
  const date = new Date(Date.UTC(fact.at.getUTCFullYear(), fact.at.getUTCMonth(), fact.at.getUTCDate()));
  date.setUTCDate(date.getUTCDate() + 4 - (date.getUTCDay() || 7));
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return [`${date.getUTCFullYear()}-W${String(week).padStart(2, '0')}`];
}

/** Equal cells, numbers to 9 decimals (the service sums in float8 in another order). */
export function expectCell(actual: Cell, expected: Cell, label = ''): void {
  expect(Object.keys(actual).sort(), label).toEqual(Object.keys(expected).sort());
  for (const [name, value] of Object.entries(expected)) {
    const got = actual[name as keyof Cell];
    if (typeof value === 'number' && typeof got === 'number') expect(got, `${label} ${name}`).toBeCloseTo(value, 9);
    else expect(got, `${label} ${name}`).toEqual(value);
  }
}

export function expectGroups(actual: Group[], expected: Group[], label = ''): void {
  expect(
    actual.map((group) => group.key),
    label,
  ).toEqual(expected.map((group) => group.key));
  actual.forEach((group, i) => expectCell(group.cell, (expected[i] as Group).cell, `${label} ${group.key}`));
}
