import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measureAql, parseAql } from '../../../../subgraphs/clinical/aql/index.ts';

/** `a AND b AND c`, or with the first two in parentheses of their own (nested ANDs count as one). */
const joined = (items: string[], operator: 'AND' | 'OR', nest: boolean) =>
  nest && items.length > 2 ? `(${items.slice(0, 2).join(` ${operator} `)}) ${operator} ${items.slice(2).join(` ${operator} `)}` : items.join(` ${operator} `);

/** Compositions under the EHR, each with its observations: the number of observations of each. */
const tree = fc.record({
  observations: fc.array(fc.nat({ max: 4 }), { minLength: 1, maxLength: 6 }),
  operator: fc.constantFrom('AND' as const, 'OR' as const),
  nest: fc.boolean(),
});

describe('measureAql: classes side by side under one AND', () => {
  it('is the largest number of CONTAINS operands joined by AND at one level (OR joins none)', () => {
    fc.assert(
      fc.property(tree, ({ observations, operator, nest }) => {
        const compositions = observations.map((count, c) => {
          const inner = Array.from({ length: count }, (_, o) => `OBSERVATION o${c}_${o}`);
          return inner.length === 0 ? `COMPOSITION c${c}` : `(COMPOSITION c${c} CONTAINS (${joined(inner, 'AND', nest)}))`;
        });
        const query = parseAql(`SELECT COUNT(*) FROM EHR e CONTAINS (${joined(compositions, operator, nest)})`);
        const outer = operator === 'AND' ? observations.length : 1;
        expect(measureAql(query, {}).andSiblings).toBe(Math.max(outer, ...observations, 1));
        expect(measureAql(query, {}).classes).toBe(1 + observations.length + observations.reduce((sum, n) => sum + n, 0));
      }),
      { numRuns: 300 },
    );
  });
});

describe('measureAql: MATCHES', () => {
  it('counts one OR branch per value, those of a $parameter list included (it compiles to one equality each, joined by OR)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 5 }), fc.nat({ max: 40 }), (literals, listed) => {
        const items = [...Array.from({ length: literals }, (_, i) => `'v${i}'`), ...(listed > 0 ? ['$codes'] : [])];
        if (items.length === 0) return;
        const query = parseAql(`SELECT c/uid/value FROM EHR e CONTAINS COMPOSITION c WHERE c/name/value MATCHES {${items.join(', ')}}`);
        const values = literals + listed;
        expect(measureAql(query, { codes: Array.from({ length: listed }, (_, i) => `c${i}`) }).orBranches).toBe(values > 1 ? values : 0);
      }),
      { numRuns: 200 },
    );
  });
});
