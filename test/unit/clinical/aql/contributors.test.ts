// The hidden column of contributing EHRs (for the audit trail): it never changes the answer, and it
// names exactly the EHRs whose rows made it, for row, DISTINCT, aggregate and per-group queries.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../kit/databases.ts';
import { contributingEhrs } from '../../../../subgraphs/clinical/aql/contributors.ts';
import { compileAql, parseAql } from '../../../../subgraphs/clinical/aql/index.ts';
import type { ContributorsMode } from '../../../../subgraphs/clinical/aql/types.ts';
import { addComposition, addEhr, migratedDatabase, openAccess, storeOf } from './support.ts';

const FIXTURES = ['minimal_evaluation.json', 'minimal_admin.json', 'minimal_instruction.json'];
/** Compositions per EHR: some have none, so they can never contribute. */
const COMPOSITIONS = [0, 1, 2, 3, 1, 0, 2];

let t: TestDatabase;
let ehrs: string[];
/** The EHRs holding at least one composition. */
let holding: Set<string>;

beforeAll(async () => {
  t = await migratedDatabase('aql_contributors');
  ehrs = [];
  for (const [i, count] of COMPOSITIONS.entries()) {
    const ehr = await addEhr(t.db);
    ehrs.push(ehr);
    for (let j = 0; j < count; j += 1) await addComposition(t.db, ehr, FIXTURES[(i + j) % FIXTURES.length] as string);
  }
  holding = new Set(ehrs.filter((_, i) => (COMPOSITIONS[i] ?? 0) > 0));
});
afterAll(() => t?.drop());

async function run(text: string, contributors?: ContributorsMode) {
  const compiled = compileAql(parseAql(text), { parameters: {}, access: openAccess, maxRows: 1000, ...(contributors ? { contributors } : {}) });
  const rows = await storeOf(t.db).runAql(compiled);
  return {
    rows: rows.map((row) => row.slice(0, compiled.columns.length)),
    found: compiled.contributors ? contributingEhrs(rows, compiled.contributors) : null,
  };
}

const sorted = (rows: unknown[][]) => rows.map((row) => JSON.stringify(row)).sort();

type Shape = 'rows' | 'distinctEhrs' | 'distinctNames' | 'count' | 'perName' | 'distinctCount';

/** The query of a shape over the chosen EHRs, and whether its contributors are the EHRs of its rows' first column. */
function queryOf(shape: Shape, chosen: string[], limit: number | null): { text: string; byFirstColumn: boolean } {
  const where = chosen.length > 0 ? ` WHERE e/ehr_id/value MATCHES {${chosen.map((id) => `'${id}'`).join(', ')}}` : '';
  const from = `FROM EHR e CONTAINS COMPOSITION c${where}`;
  const paged = limit === null ? '' : ` LIMIT ${limit}`;
  switch (shape) {
    case 'rows':
      return { text: `SELECT e/ehr_id/value, c/name/value ${from} ORDER BY c/name/value${paged}`, byFirstColumn: true };
    case 'distinctEhrs':
      return { text: `SELECT DISTINCT e/ehr_id/value ${from} ORDER BY e/ehr_id/value${paged}`, byFirstColumn: true };
    case 'distinctNames':
      return { text: `SELECT DISTINCT c/name/value ${from}`, byFirstColumn: false };
    case 'count':
      return { text: `SELECT COUNT(*), MAX(c/name/value) ${from}`, byFirstColumn: false };
    case 'perName':
      return { text: `SELECT c/name/value, COUNT(*) ${from}`, byFirstColumn: false };
    case 'distinctCount':
      return { text: `SELECT DISTINCT COUNT(*) ${from}`, byFirstColumn: false };
  }
}

describe('contributing EHRs of an AQL answer', () => {
  it('leave the answer unchanged and name exactly the EHRs whose rows made it (ids), or count them (count)', async () => {
    const shapes: Shape[] = ['rows', 'distinctEhrs', 'distinctNames', 'count', 'perName', 'distinctCount'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...shapes),
        fc.subarray([0, 1, 2, 3, 4, 5, 6]),
        fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
        async (shape, picked, limit) => {
          const chosen = picked.map((i) => ehrs[i] as string);
          const { text, byFirstColumn } = queryOf(shape, chosen, limit);
          const plain = await run(text);
          const withIds = await run(text, 'ids');
          const counted = await run(text, 'count');
          // unordered rows (DISTINCT, groups) may come in any order
          const ordered = text.includes('ORDER BY');
          const answer = (rows: unknown[][]) => (ordered ? rows : sorted(rows));
          expect(answer(withIds.rows)).toEqual(answer(plain.rows));
          expect(answer(counted.rows)).toEqual(answer(plain.rows));
          const expected = byFirstColumn
            ? new Set(plain.rows.map((row) => row[0] as string))
            : new Set((chosen.length > 0 ? chosen : ehrs).filter((id) => holding.has(id)));
          expect(new Set(withIds.found?.ids)).toEqual(expected);
          expect(withIds.found?.count).toBe(expected.size);
          expect(counted.found?.count).toBe(expected.size);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('leave no hidden column without the option', async () => {
    const compiled = compileAql(parseAql('SELECT e/ehr_id/value FROM EHR e'), { parameters: {}, access: openAccess, maxRows: 10 });
    expect([compiled.contributors, compiled.width]).toEqual([null, 1]);
  });
});
