import { describe, expect, it } from 'vitest';
import type { DisclosureLayout } from '../../../../subgraphs/clinical/aql/types.ts';
import { canonicalAql, discloseAggregateRow } from '../../../../subgraphs/clinical/disclosure/aql-rows.ts';
import { Disclosure } from '../../../../subgraphs/clinical/disclosure/noise.ts';
import { RESEARCHER, secret } from './support.ts';

// SELECT COUNT(*), AVG(x), SUM(x), MIN(x), MAX(t): the selected columns, then the hidden ones.
const layout: DisclosureLayout = {
  ehrCount: 5,
  aggregates: ['COUNT', 'AVG', 'SUM', 'MIN', 'MAX'].map((fn, i) => ({ fn, rowPrint: 6 + 3 * i, stddev: 7 + 3 * i, values: 8 + 3 * i })),
};
const row = (ehrs: number) => [40, 7.2, 288, 5.1, '2025-03-04T10:11:12Z', ehrs, ...[0, 1, 2, 3, 4].flatMap((i) => [`print-${i}`, 1.1, 40])];
const disclosure = new Disclosure(secret(1), RESEARCHER);

describe('discloseAggregateRow', () => {
  it('withholds every column when the rows come from fewer than minimumCellSize EHRs', () => {
    expect(discloseAggregateRow(row(4), layout, disclosure, 'q')).toEqual([null, null, null, null, null]);
  });

  it('noises counts, means and sums; withholds min/max below 20 EHRs and a non-numeric extreme always', () => {
    const [count, avg, sum, min, max] = discloseAggregateRow(row(6), layout, disclosure, 'q');
    expect(Number.isInteger(count)).toBe(true);
    expect([avg === 7.2, sum === 288]).toEqual([false, false]);
    expect([min, max]).toEqual([null, null]);
    const [, , , min30, max30] = discloseAggregateRow(row(30), layout, disclosure, 'q');
    expect(typeof min30).toBe('number');
    expect(min30).not.toBe(5.1);
    expect(max30).toBeNull();
  });

  it('is sticky: the same query over the same rows gets the same numbers; other rows or another query get others', () => {
    const once = discloseAggregateRow(row(6), layout, disclosure, 'q');
    expect(discloseAggregateRow(row(6), layout, disclosure, 'q')).toEqual(once);
    const otherRows = row(6).map((cell, i) => (i === 7 ? cell : typeof cell === 'string' && cell.startsWith('print-') ? `${cell}'` : cell));
    expect(discloseAggregateRow(otherRows, layout, disclosure, 'q')).not.toEqual(once);
    expect(discloseAggregateRow(row(6), layout, disclosure, 'q2')).not.toEqual(once);
  });
});

describe('canonicalAql', () => {
  it('collapses white space and orders parameters by name', () => {
    expect(canonicalAql(' SELECT  COUNT(*)\n FROM EHR e ', { b: 2, a: 1 })).toBe(canonicalAql('SELECT COUNT(*) FROM EHR e', { a: 1, b: 2 }));
    expect(canonicalAql('SELECT COUNT(*) FROM EHR e', { a: 1 })).not.toBe(canonicalAql('SELECT COUNT(*) FROM EHR e', { a: 2 }));
  });
});
