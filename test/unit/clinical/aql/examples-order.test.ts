// End to end, continued: ORDER BY, LIMIT/OFFSET, DISTINCT, VERSION and the "minimal" set (18–28).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../kit/databases.ts';
import type { CanonicalObject } from '../../../../subgraphs/clinical/canonical/index.ts';
import { addComposition, addEhr, aql, migratedDatabase, type Stored } from './support.ts';
import { example } from './examples.ts';

const KNOWN_DATES = [1, 2, 3, 4].map((n) => `conformance_ehrbase.de.v0_known_date_type_${n}.json`);
const minimalValue = (doc: CanonicalObject) => doc.content as [{ data: { events: [{ data: { items: [{ value: { value: string } }] } }] } }];

describe('D. ORDER BY, LIMIT/OFFSET and VERSION on the four known_date_type compositions (18, 19, 21, 22)', () => {
  let t: TestDatabase;
  let ehr: string;
  let stored: Stored[];
  beforeAll(async () => {
    t = await migratedDatabase('aql_d');
    ehr = await addEhr(t.db);
    stored = [];
    for (const name of KNOWN_DATES) stored.push(await addComposition(t.db, ehr, name));
  });
  afterAll(() => t?.drop());

  const byInstant = [
    '2021-12-21T14:19:31.649613+03:00',
    '2021-12-21T14:19:31.649613+01:00',
    '2021-12-21T15:19:31.649613+01:00',
    '2022-12-21T14:19:31.649613+01:00',
  ];

  it('#18 ORDER BY a DV_DATE_TIME orders by instant, not by string', async () => {
    expect(await aql(t.db, example.orderByDate('ASC'))).toEqual(byInstant.map((v) => [v]));
    expect(await aql(t.db, example.orderByDate('DESC'))).toEqual([...byInstant].reverse().map((v) => [v]));
  });

  it('#19 LIMIT 4 OFFSET 2 → 2, LIMIT 4 OFFSET 4 → 0, LIMIT 10 OFFSET 1 → 3', async () => {
    expect(await aql(t.db, example.limitOffset(4, 2))).toHaveLength(2);
    expect(await aql(t.db, example.limitOffset(4, 4))).toHaveLength(0);
    expect(await aql(t.db, example.limitOffset(10, 1))).toHaveLength(3);
  });

  it('API paging works inside the query window; maxRows caps', async () => {
    const ordered = example.orderByDate('ASC');
    expect(await aql(t.db, `${ordered} LIMIT 3 OFFSET 1`, { offset: 1, fetch: 5 })).toEqual(byInstant.slice(2, 4).map((v) => [v]));
    expect(await aql(t.db, ordered, { offset: 1, fetch: 2 })).toEqual(byInstant.slice(1, 3).map((v) => [v]));
    expect(await aql(t.db, ordered, { maxRows: 3 })).toHaveLength(3);
    expect(await aql(t.db, `SELECT TOP 2 c/uid/value FROM COMPOSITION c`)).toHaveLength(2);
  });

  it('#22 VERSION[LATEST_VERSION] CONTAINS COMPOSITION: the four latest versions by commit time', async () => {
    const rows = await aql(t.db, example.version);
    expect(rows.map((row) => row[0]).sort()).toEqual(stored.map((s) => s.uid).sort());
    const times = rows.map((row) => Date.parse(row[2] as string));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const contributions = await t.db.query<{ id: string }>('SELECT contribution_id AS id FROM composition_versions');
    expect(rows.map((row) => row[1]).sort()).toEqual(contributions.rows.map((r) => r.id).sort());
  });

  it('#21 EHR CONTAINS VERSION CONTAINS COMPOSITION', async () => {
    const rows = await aql(t.db, example.versionEhr);
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row.slice(0, 2)).toEqual([ehr, 'conformance-ehrbase.de.v0']);
  });
});

describe('F. the "minimal" set: 10 EHRs (23–28) and DISTINCT (20)', () => {
  let t: TestDatabase;
  let ehrs: string[];
  let first: Stored[];
  let ehr1: Stored[];
  beforeAll(async () => {
    t = await migratedDatabase('aql_f');
    ehrs = [];
    first = [];
    for (let i = 0; i < 10; i += 1) {
      ehrs.push(await addEhr(t.db));
      first.push(await addComposition(t.db, ehrs[i] as string, 'minimal_observation_1.composition.json'));
    }
    ehr1 = [first[0] as Stored];
    for (const value of ['second value', 'third value', 'fourth value']) {
      ehr1.push(
        await addComposition(t.db, ehrs[0] as string, 'minimal_observation_1.composition.json', (doc) => {
          minimalValue(doc)[0].data.events[0].data.items[0].value.value = value;
        }),
      );
    }
    for (const ehr of ehrs.slice(0, 3)) await addComposition(t.db, ehr, 'minimal_action2_1.json');
  });
  afterAll(() => t?.drop());

  it('#23 every EHR → 10 rows', async () => {
    expect((await aql(t.db, example.allEhrs)).map((row) => row[0]).sort()).toEqual([...ehrs].sort());
  });

  it("#24 and #25 (parameter) → the 10 'first value' compositions", async () => {
    const expected = first.map((s) => s.document);
    const byUid = (rows: unknown[][]) =>
      rows.map((row) => row[0] as CanonicalObject).sort((a, b) => JSON.stringify(a.uid).localeCompare(JSON.stringify(b.uid)));
    const sortedExpected = [...expected].sort((a, b) => JSON.stringify(a.uid).localeCompare(JSON.stringify(b.uid)));
    expect(byUid(await aql(t.db, example.minimalFirst))).toEqual(sortedExpected);
    expect(byUid(await aql(t.db, example.minimalParameter, { parameters: { value: 'first value' } }))).toEqual(sortedExpected);
  });

  it('#26 one EHR, five paths → 4 rows, first to fourth value', async () => {
    const rows = await aql(t.db, example.minimalEhr(ehrs[0] as string));
    const expected = ehr1.map((s) => {
      const o = (s.document.content as [Record<string, any>])[0];
      return [s.uid, o.name.value, o.data.origin.value, o.data.events[0].time.value, o.data.events[0].data.items[0].value.value];
    });
    expect(rows.map((r) => JSON.stringify(r)).sort()).toEqual(expected.map((r) => JSON.stringify(r)).sort());
  });

  it('#27 EHRs with a minimal_2 ACTION, aliased', async () => {
    expect((await aql(t.db, example.minimalAction)).map((row) => row[0]).sort()).toEqual(ehrs.slice(0, 3).sort());
  });

  it('#28 CONTAINS ENTRY with an OBSERVATION archetype → the entry itself', async () => {
    const rows = await aql(t.db, example.minimalEntry(ehrs[0] as string));
    expect(rows).toEqual([[(first[0]?.document.content as unknown[])[0]]]);
  });

  it('#20 (its data is not available) DISTINCT + WHERE + ORDER BY + LIMIT/OFFSET on this data', async () => {
    const path = 'o/data[at0001]/events[at0002]/data[at0003]/items[at0004]/value/value';
    const query = (paging: string) =>
      `SELECT DISTINCT ${path} FROM EHR e CONTAINS COMPOSITION c CONTAINS OBSERVATION o[openEHR-EHR-OBSERVATION.minimal.v1] WHERE ${path} != 'fourth value' ORDER BY ${path} ASC${paging}`;
    expect(await aql(t.db, query(''))).toEqual([['first value'], ['second value'], ['third value']]);
    expect(await aql(t.db, query(' LIMIT 1 OFFSET 1'))).toEqual([['second value']]);
    expect(await aql(t.db, example.distinct(' LIMIT 1 OFFSET 1'))).toEqual([]);
  });
});
