// End to end on the real schema: the queries of aql-examples.md against the fixtures they name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../kit/databases.ts';
import { loadFixture } from '../../../kit/fixtures.ts';
import type { CanonicalObject } from '../../../../subgraphs/clinical/canonical/index.ts';
import { addComposition, addEhr, aql, item, migratedDatabase, FROM_CONFORMANCE, type Stored } from './support.ts';
import { example } from './examples.ts';

const sorted = (rows: unknown[][]) => rows.map((row) => JSON.stringify(row)).sort();

function elementNames(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((child) => elementNames(child, out));
  else if (node && typeof node === 'object') {
    const o = node as CanonicalObject;
    if (o._type === 'ELEMENT') out.push((o.name as { value: string }).value);
    Object.values(o).forEach((child) => elementNames(child, out));
  }
  return out;
}

describe('A. aggregates on conformance max_v3 (examples 1–7)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await migratedDatabase('aql_a');
    await addComposition(t.db, await addEhr(t.db), 'conformance_ehrbase.de.v0_max_v3.json');
  });
  afterAll(() => t?.drop());

  it.each([
    ['1 MAX DV_QUANTITY', example.max8, [[82]]],
    ['2 MAX DV_COUNT', example.max10, [[400]]],
    ['3 SUM DV_QUANTITY', example.sum8, [[104]]],
    ['4 SUM DV_COUNT', example.sum10, [[493]]],
    ['5 AVG DV_QUANTITY', example.avg8, [[52]]],
    ['6 AVG DV_COUNT', example.avg10, [[164.33333333333334]]],
    ['7 COUNT(*)', example.countStar, [[1]]],
    ['7 COUNT(magnitude)', example.countMagnitude, [[2]]],
    ['7 COUNT(null_flavour/value)', example.countNullFlavour, [[1]]],
    ['7 COUNT(item), an item occurring 3 times', example.countItem, [[3]]],
    [
      'MIN keeps the JSON value',
      `SELECT MIN(${item('o', 'at0008')}/value/magnitude), MIN(${item('o', 'at0010')}/value) ${FROM_CONFORMANCE}`,
      [[22, { _type: 'DV_COUNT', magnitude: 42 }]],
    ],
  ])('#%s', async (_, text, rows) => {
    expect(await aql(t.db, text)).toEqual(rows);
  });

  it('#8 COUNT over EHR CONTAINS COMPOSITION: 3 rows, 2 distinct EHRs', async () => {
    const other = await migratedDatabase('aql_a8');
    try {
      const [ehr1, ehr2] = [await addEhr(other.db), await addEhr(other.db)];
      await addComposition(other.db, ehr1, 'conformance_ehrbase.de.v0_max_v3.json');
      await addComposition(other.db, ehr1, 'conformance_ehrbase.de.v0_known_date_type_1.json');
      await addComposition(other.db, ehr2, 'minimal_observation_1.composition.json');
      expect(await aql(other.db, example.countEhr)).toEqual([[3]]);
      expect(await aql(other.db, example.countDistinctEhr)).toEqual([[2]]);
    } finally {
      await other.drop();
    }
  });
});

describe('B. WHERE on conformance max_v2 (examples 9, 10, 14 and the DV_ORDERED table)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await migratedDatabase('aql_b');
    await addComposition(t.db, await addEhr(t.db), 'conformance_ehrbase.de.v0_max_v2.json');
  });
  afterAll(() => t?.drop());

  it('#9 a whole DV_QUANTITY compared with a number compares its magnitude', async () => {
    expect(await aql(t.db, example.whereOrdered('='))).toEqual([[82]]);
    expect(await aql(t.db, example.whereOrdered('>'))).toEqual([]);
    expect(await aql(t.db, example.whereOrdered('<'))).toEqual([[22]]);
  });

  it('#10 EXISTS: 2 rows; NOT EXISTS: the null_flavour item', async () => {
    expect(sorted(await aql(t.db, example.whereExists))).toEqual(['[22]', '[82]']);
    expect(await aql(t.db, example.whereNotExists)).toEqual([[null]]);
  });

  it('#14 parameter {"param": 22} → 1 row (the file\'s data gives 20; this fixture has 22)', async () => {
    expect(await aql(t.db, example.parameter, { parameters: { param: 22 } })).toEqual([[22]]);
    expect(await aql(t.db, example.parameter, { parameters: { param: 20 } })).toEqual([]);
  });

  // compare_by_dv_ordered.csv, with the counts this fixture's values give.
  it.each([
    ['at0010', '/value/magnitude', '= 50', 1],
    ['at0010', '/value', '> 50', 1],
    ['at0009', '/value/numerator', '= 40', 1],
    ['at0009', '/value/numerator', '> 40', 1],
    ['at0011', '/value/value', "= '2022-03-03T04:05:06'", 1],
    ['at0011', '/value', "> '2022-03-03T04:05:06'", 1],
    ['at0011', '/value', "= '2022-03-03T05:05:06+01:00'", 1],
    ['at0012', '/value/value', "= '04:06:06'", 1],
    ['at0012', '/value', "> '04:06:06'", 1],
    ['at0013', '/value/value', "= '2022-03-03'", 1],
    ['at0013', '/value', "> '2022-03-03'", 1],
    ['at0014', '/value/value', '= 1', 2],
    ['at0014', '/value', '> 1', 1],
    ['at0017', '/value', '= true', 3],
    ['at0004', '/value/value', "= 'Lorem ipsum'", 3],
  ])('items[%s]%s %s → %i rows', async (at, tail, condition, count) => {
    const rows = await aql(t.db, `SELECT ${item('o', at)}${tail} ${FROM_CONFORMANCE} WHERE ${item('o', at)}${tail} ${condition}`);
    expect(rows).toHaveLength(count);
  });
});

describe('B. WHERE with AND/OR, MATCHES and LIKE (examples 11–13)', () => {
  let t: TestDatabase;
  let ehr1: string, ehr2: string, ehr3: string;
  let c: Stored[];
  beforeAll(async () => {
    t = await migratedDatabase('aql_b2');
    [ehr1, ehr2, ehr3] = [await addEhr(t.db), await addEhr(t.db), await addEhr(t.db)];
    c = [
      await addComposition(t.db, ehr1, 'conformance_ehrbase.de.v0_max_v2.json'),
      await addComposition(
        t.db,
        ehr1,
        'conformance_ehrbase.de.v0_max_v2.json',
        (doc) => void ((doc.name as { value: string }).value = 'type_repetition_conformance_ehrbase.org'),
      ),
      await addComposition(t.db, ehr2, 'minimal_observation_1.composition.json'),
      await addComposition(t.db, ehr3, 'ehrbase_blood_pressure_simple.de.v0.json'),
    ];
  });
  afterAll(() => t?.drop());

  it('#11 AND → 1, OR → 2, two uids ANDed → 0', async () => {
    const ids = { ehr1, ehr2, c1: c[0]!.uid, c2: c[1]!.uid };
    expect(await aql(t.db, example.whereAnd(ids))).toEqual([[ehr1, c[0]!.uid]]);
    expect(sorted(await aql(t.db, example.whereOr(ids)))).toEqual(
      sorted([
        [ehr1, c[0]!.uid],
        [ehr1, c[1]!.uid],
      ]),
    );
    expect(await aql(t.db, example.whereAndUids(ids))).toEqual([]);
  });

  it('#12 MATCHES a list of EHR ids → 2 rows', async () => {
    const rows = await aql(t.db, example.matches({ ehr1: ehr2, ehr2: ehr3, c1: '', c2: '' }));
    expect(sorted(rows)).toEqual(
      sorted([
        [ehr2, c[2]!.uid],
        [ehr3, c[3]!.uid],
      ]),
    );
  });

  it("#13 LIKE with AQL wildcards: exact → 1, '?'/'*' → 1, '*ehrbase*' → 2", async () => {
    const names = async (pattern: string) => (await aql(t.db, example.like(pattern))).map((row) => row[0]).sort();
    expect(await names("'type_repetition_conformance_ehrbase.org'")).toEqual(['type_repetition_conformance_ehrbase.org']);
    expect(await names("'type?repetition?conformance?ehrbase*'")).toEqual(['type_repetition_conformance_ehrbase.org']);
    expect(await names("'*ehrbase*'")).toEqual(['conformance-ehrbase.de.v0', 'type_repetition_conformance_ehrbase.org']);
    expect(await names("'type_repetition%'")).toEqual([]);
    expect(await names("'%'")).toEqual([]);
    expect(await names("'G\\_Minimal'")).toEqual(['G_Minimal']);
  });
});

describe('C. CONTAINS ELEMENT and the stored-query example (16, 17, 30)', () => {
  let t: TestDatabase;
  let bp: Stored;
  beforeAll(async () => {
    t = await migratedDatabase('aql_c');
    bp = await addComposition(t.db, await addEhr(t.db), 'ehrbase_blood_pressure_simple.de.v0.json');
  });
  afterAll(() => t?.drop());

  it('#16 EHR CONTAINS ELEMENT l[at0013] → Cuff size', async () => {
    expect(await aql(t.db, example.elementAt13)).toEqual([['Cuff size']]);
  });

  it('#17 EHR CONTAINS ELEMENT → every ELEMENT of the composition (no EHR_STATUS in this store)', async () => {
    const expected = elementNames(loadFixture('ehrbase_blood_pressure_simple.de.v0.json'));
    expect(expected).toHaveLength(7);
    expect((await aql(t.db, example.element)).map((row) => row[0]).sort()).toEqual(expected.sort());
  });

  it('#30 runs as written (no encounter.v1 data: no rows) and, on this fixture, finds the composition', async () => {
    expect(await aql(t.db, example.storedBloodPressure, { parameters: { systolic_bp: 140 } })).toEqual([]);
    const adapted = example.storedBloodPressure
      .replace('encounter.v1', 'sample_encounter.v1')
      .replace('blood_pressure.v1', 'sample_blood_pressure.v1')
      .replace('at0006', 'at0002');
    const systolic = elementNames(bp.document).indexOf('Systolic');
    expect(systolic).toBeGreaterThanOrEqual(0);
    const rows = await aql(t.db, adapted, { parameters: { systolic_bp: 20 } });
    expect(rows).toEqual([[bp.document]]);
    expect(await aql(t.db, adapted, { parameters: { systolic_bp: 140 } })).toEqual([]);
  });
});
