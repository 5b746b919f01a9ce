// AQL over HTTP compares context start times as exact instants: more than six fractional digits,
// offsets, partial date-times (issue 15). The property test of the key is test/unit/clinical/aql/instants.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bloodPressureComposition } from '../../scripts/demo/compositions.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';

const AQL = `query($q: String!, $p: JSON) { aql(query: $q, parameters: $p) { rows } }`;
const FROM = 'FROM EHR e CONTAINS COMPOSITION c CONTAINS OBSERVATION o[openEHR-EHR-OBSERVATION.blood_pressure.v2]';
const SYSTOLIC = 'o/data[at0001]/events[at0002]/data[at0003]/items[at0004]/value/magnitude';

/** Start times, each with its systolic value, in instant order (as text they sort otherwise). */
const TIMES: [string, number][] = [
  ['2025-01-13T15:00', 101], // no offset: UTC
  ['2025-01-13T16:15:17.98+01:00', 102], // 15:15:17.98Z
  ['2025-01-13T16:15:17,9801747', 103], // 16:15:17.9801747Z, the value
  ['2025-01-13T16:15:17.98017471Z', 104],
  ['2025-01-13T19:00:00+02:00', 105], // 17:00Z
  ['20250113T1800Z', 106],
];

let system: TestSystem;
let headers: Record<string, string>;

const run = async (q: string, p?: Record<string, unknown>): Promise<unknown[][]> => {
  const response = await system.gateway.request(AQL, { q, p }, headers);
  expect(response.errors).toBeUndefined();
  return response.data.aql.rows as unknown[][];
};

beforeAll(async () => {
  system = await startSystem();
  headers = { authorization: `Bearer ${await system.token({ sub: 'dr-instants', org: 'org-a', roles: ['clinician'] })}` };
  const ehrId = (await system.gateway.request(`mutation { createEhr { id } }`, {}, headers)).data.createEhr.id;
  // Committed out of order, so that no insertion order can pass for the instant order.
  for (const [time, systolic] of [...TIMES].reverse().sort((a, b) => (a[1] % 2) - (b[1] % 2))) {
    const response = await system.gateway.request(
      `mutation($e: UUID!, $c: JSON!) { commitComposition(ehrId: $e, composition: $c) { uid } }`,
      { e: ehrId, c: bloodPressureComposition(systolic, 80, time) },
      headers,
    );
    expect(response.errors).toBeUndefined();
  }
});
afterAll(async () => {
  await system?.stop();
});

describe('AQL date-times as exact instants', () => {
  it('ORDER BY start_time, both directions', async () => {
    const ascending = await run(`SELECT ${SYSTOLIC} ${FROM} ORDER BY c/context/start_time ASC`);
    expect(ascending.map((row) => row[0])).toEqual(TIMES.map(([, systolic]) => systolic));
    const descending = await run(`SELECT ${SYSTOLIC} ${FROM} ORDER BY c/context/start_time/value DESC`);
    expect(descending.map((row) => row[0])).toEqual(TIMES.map(([, systolic]) => systolic).reverse());
  });

  it('MIN and MAX return the earliest and the latest value as stored', async () => {
    const rows = await run(`SELECT MIN(c/context/start_time/value) AS first, MAX(c/context/start_time/value) AS last ${FROM}`);
    expect(rows).toEqual([[TIMES[0]?.[0], TIMES[TIMES.length - 1]?.[0]]]);
  });

  it('WHERE compares with an offset constant, a parameter and a partial date-time', async () => {
    const after = await run(`SELECT ${SYSTOLIC} ${FROM} WHERE c/context/start_time > '2025-01-13T17:00:00+02:00' ORDER BY ${SYSTOLIC}`);
    expect(after.map((row) => row[0])).toEqual([102, 103, 104, 105, 106]); // after 15:00Z, 101 is at it
    const exact = await run(`SELECT ${SYSTOLIC} ${FROM} WHERE c/context/start_time/value = $t`, { t: '2025-01-13T18:15:17.980174700+02:00' });
    expect(exact).toEqual([[103]]);
    const between = await run(
      `SELECT ${SYSTOLIC} ${FROM} WHERE c/context/start_time >= '2025-01-13T16:15:17.9801747Z' AND c/context/start_time < '2025-01-13T16:15:17,98017471Z' `,
    );
    expect(between).toEqual([[103]]);
    const fromPartial = await run(`SELECT COUNT(*) ${FROM} WHERE c/context/start_time >= '2025-01-13T16'`);
    expect(fromPartial).toEqual([[4]]);
  });

  it('a column (VERSION commit time, microseconds) compares with a constant of any precision', async () => {
    const rows = await run(
      `SELECT COUNT(*) FROM EHR e CONTAINS VERSION v[LATEST_VERSION] CONTAINS COMPOSITION c WHERE v/commit_audit/time_committed/value > '2000-01-01T00:00:00.0000000001Z'`,
    );
    expect(rows).toEqual([[TIMES.length]]);
  });
});
