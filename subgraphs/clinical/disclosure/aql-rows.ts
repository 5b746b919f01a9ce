import type { DisclosureLayout } from '../aql/types.ts';
import type { Disclosure } from './noise.ts';

/**
 * The one row of an aggregate AQL query as a caller under disclosure control may see it: nothing
 * (every column null) when its rows come from fewer than `minimumCellSize` EHRs; else counts with
 * sticky noise, AVG and SUM through a noised mean, MIN and MAX noised when numeric and reported
 * (withheld when not a number: a date or a text is one record's value).
 */
export function discloseAggregateRow(row: readonly unknown[], layout: DisclosureLayout, disclosure: Disclosure, canonicalQuery: string): unknown[] {
  const ehrCount = Number(row[layout.ehrCount] ?? 0);
  if (ehrCount < disclosure.limits.minimumCellSize) return layout.aggregates.map(() => null);
  return layout.aggregates.map((aggregate, i) => {
    const exact = row[i] ?? null;
    const print = row[aggregate.rowPrint];
    const key = ['aql', canonicalQuery, String(i), typeof print === 'string' ? print : ''];
    const spread = { stddev: Number(row[aggregate.stddev] ?? 0), ehrCount };
    const values = Number(row[aggregate.values] ?? 0);
    if (typeof exact !== 'number') return aggregate.fn === 'MIN' || aggregate.fn === 'MAX' ? null : exact;
    switch (aggregate.fn) {
      case 'COUNT':
        return disclosure.count(exact, key);
      case 'AVG':
        return disclosure.central(exact, spread, key);
      case 'SUM': {
        const mean = disclosure.central(values > 0 ? exact / values : 0, spread, key) ?? 0;
        return mean * disclosure.count(values, key);
      }
      default:
        return disclosure.extreme(exact, spread, [aggregate.fn, ...key]);
    }
  });
}

/** The query as the noise key sees it: its text with runs of white space collapsed, and its parameters by name. */
export function canonicalAql(text: string, parameters: Record<string, unknown>): string {
  const sorted = Object.keys(parameters)
    .sort()
    .map((name) => [name, parameters[name]]);
  return `${text.trim().replace(/\s+/g, ' ')}\n${JSON.stringify(sorted)}`;
}
