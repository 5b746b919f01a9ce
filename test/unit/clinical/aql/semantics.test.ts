// Containment, row and comparison semantics beyond the example file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../kit/databases.ts';
import { validateComposition, type CanonicalObject } from '../../../../subgraphs/clinical/canonical/index.ts';
import { addComposition, addEhr, aql, FROM_CONFORMANCE, item, migratedDatabase, storeOf, type Stored } from './support.ts';

const sorted = (rows: unknown[][]) => rows.map((row) => JSON.stringify(row)).sort();

async function newVersion(t: TestDatabase, stored: Stored, change: (doc: CanonicalObject) => void, deleted = false): Promise<void> {
  const document = structuredClone(stored.document);
  change(document);
  const uid = `${stored.objectId}::test.aql::2`;
  document.uid = { _type: 'OBJECT_VERSION_ID', value: uid };
  const ehr = await t.db.query<{ ehr_id: string }>('SELECT ehr_id FROM composition_versions WHERE uid = $1', [stored.uid]);
  await storeOf(t.db).transaction(async (tx) => {
    await tx.compositions.supersedeLatest(stored.objectId, 1);
    await tx.compositions.insert({
      objectId: stored.objectId,
      version: 2,
      uid,
      ehrId: ehr.rows[0]?.ehr_id as string,
      ehrOrg: 'org-a',
      org: 'org-a',
      changeType: deleted ? 'DELETED' : 'MODIFICATION',
      lifecycleState: deleted ? 'DELETED' : 'COMPLETE',
      committer: 'aql-test',
      canonical: document,
      summary: validateComposition(document),
    });
  });
}

describe('rows, containment and comparisons', () => {
  let t: TestDatabase;
  let ehr: string;
  let max: Stored;
  let allTypes: Stored;
  beforeAll(async () => {
    t = await migratedDatabase('aql_semantics');
    ehr = await addEhr(t.db);
    max = await addComposition(t.db, ehr, 'conformance_ehrbase.de.v0_max_v2.json', (doc) => {
      (doc.context as CanonicalObject).other_context = {
        _type: 'ITEM_TREE',
        name: { _type: 'DV_TEXT', value: 'Tree' },
        archetype_node_id: 'at0001',
        items: [{ _type: 'ELEMENT', name: { _type: 'DV_TEXT', value: 'Ward' }, archetype_node_id: 'at0002', value: { _type: 'DV_TEXT', value: 'Ward 7' } }],
      };
    });
    allTypes = await addComposition(t.db, ehr, 'all_types_systematic_tests.json');
    const minimal = await addComposition(t.db, ehr, 'minimal_observation_1.composition.json');
    await addComposition(t.db, ehr, 'minimal_action2_1.json');
    const edited = await addComposition(t.db, ehr, 'minimal_evaluation.json');
    await newVersion(t, edited, (doc) => void ((doc.name as { value: string }).value = 'Edited'));
    await newVersion(t, minimal, () => undefined, true);
  });
  afterAll(() => t?.drop());

  it('only the latest version of each composition, deleted ones never', async () => {
    const names = (await aql(t.db, 'SELECT c/name/value FROM COMPOSITION c')).map((r) => r[0]).sort();
    expect(names).toEqual(['Edited', 'Minimal', 'Test all types', 'conformance-ehrbase.de.v0']);
    expect(await aql(t.db, 'SELECT o FROM OBSERVATION o[openEHR-EHR-OBSERVATION.minimal.v1]')).toEqual([]);
    expect(await aql(t.db, 'SELECT v/name/value FROM EVALUATION v[openEHR-EHR-EVALUATION.minimal.v1]')).toHaveLength(1);
  });

  it('paths sharing a prefix share its rows: one row per event, not a cross product', async () => {
    const rows = await aql(t.db, `SELECT o/data[at0001]/events[at0002]/time/value, ${item('o', 'at0010')}/value/magnitude ${FROM_CONFORMANCE}`);
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r[1]).sort()).toEqual([400, 42, 50]);
  });

  it('path against path compares within the row', async () => {
    const rows = await aql(
      t.db,
      `SELECT ${item('o', 'at0010')}/value/magnitude ${FROM_CONFORMANCE} WHERE ${item('o', 'at0010')}/value > ${item('o', 'at0008')}/value`,
    );
    expect(rows).toEqual([[400]]);
  });

  it('ORDER BY numbers numerically, both directions; GROUP BY with an aggregate', async () => {
    const path = `${item('o', 'at0010')}/value/magnitude`;
    expect(await aql(t.db, `SELECT ${path} ${FROM_CONFORMANCE} ORDER BY ${path} DESC`)).toEqual([[400], [50], [42]]);
    expect(await aql(t.db, `SELECT ${path} AS m ${FROM_CONFORMANCE} ORDER BY m ASC`)).toEqual([[42], [50], [400]]);
    expect(sorted(await aql(t.db, 'SELECT c/name/value AS name, COUNT(*) AS n FROM COMPOSITION c CONTAINS ENTRY x'))).toEqual(
      sorted([
        ['Edited', 1],
        ['Minimal', 1],
        ['Test all types', 5],
        ['conformance-ehrbase.de.v0', 5],
      ]),
    );
  });

  it("CONTAINS (… OR …) yields each branch's rows; (… AND …) needs both", async () => {
    const or = await aql(
      t.db,
      'SELECT v/name/value, a/name/value FROM EHR e CONTAINS COMPOSITION c CONTAINS (EVALUATION v[openEHR-EHR-EVALUATION.minimal.v1] OR ACTION a[openEHR-EHR-ACTION.minimal_2.v1])',
    );
    expect(or).toHaveLength(2);
    expect(or.map((r) => r.filter((v) => v !== null).length)).toEqual([1, 1]);
    const implicit = await aql(
      t.db,
      'SELECT v/name/value, a/name/value FROM EHR e CONTAINS (EVALUATION v[openEHR-EHR-EVALUATION.minimal.v1] OR ACTION a[openEHR-EHR-ACTION.minimal_2.v1])',
    );
    expect(sorted(implicit)).toEqual(sorted(or));
    const and = await aql(t.db, 'SELECT c/name/value FROM COMPOSITION c CONTAINS (OBSERVATION o AND EVALUATION v)');
    expect(and.map((r) => r[0]).sort()).toEqual(['Test all types', 'conformance-ehrbase.de.v0']);
  });

  it('SECTIONs nest; entries are found in the sections that hold them', async () => {
    const inner = await aql(
      t.db,
      'SELECT x/archetype_node_id FROM COMPOSITION c CONTAINS SECTION s[openEHR-EHR-SECTION.test_all_types.v1] CONTAINS SECTION s2[at0002] CONTAINS ENTRY x',
    );
    expect(inner.map((r) => r[0]).sort()).toEqual(['openEHR-EHR-ACTION.test_all_types.v1', 'openEHR-EHR-INSTRUCTION.test_all_types.v1']);
    const outer = await aql(t.db, 'SELECT COUNT(*) FROM SECTION s[at0001] CONTAINS ENTRY x');
    expect(outer).toEqual([[3]]);
    expect(await aql(t.db, `SELECT COUNT(*) FROM SECTION s WHERE s/archetype_node_id = 'at0002'`)).toEqual([[1]]);
  });

  it('CLUSTER and ELEMENT inside entries and in the event context', async () => {
    const context = await aql(t.db, `SELECT l/value/value FROM COMPOSITION c CONTAINS ELEMENT l[at0002, 'Ward'] WHERE c/uid/value = '${max.uid}'`);
    expect(context).toEqual([['Ward 7']]);
    const viaComposition = await aql(
      t.db,
      `SELECT c/context/other_context[at0001]/items[at0002]/value/value, c/context/start_time/value FROM COMPOSITION c WHERE c/uid/value = '${max.uid}'`,
    );
    expect(viaComposition).toEqual([['Ward 7', '2021-12-21T14:19:31.649613+01:00']]);
    const ec = await aql(
      t.db,
      `SELECT ec/other_context/items[at0002]/value/value, ec/start_time FROM COMPOSITION c CONTAINS EVENT_CONTEXT ec WHERE c/uid/value = '${max.uid}'`,
    );
    expect(ec).toEqual([['Ward 7', { _type: 'DV_DATE_TIME', value: '2021-12-21T14:19:31.649613+01:00' }]]);
    const clusters = await aql(t.db, 'SELECT cl/archetype_node_id FROM OBSERVATION o CONTAINS CLUSTER cl');
    expect(clusters.length).toBeGreaterThan(0);
    const nested = await aql(t.db, 'SELECT COUNT(l) FROM OBSERVATION o CONTAINS CLUSTER cl CONTAINS ELEMENT l');
    expect(nested[0]?.[0] as number).toBeGreaterThan(0);
    expect(allTypes.uid).toBeTruthy();
  });

  it('dates compare by instant whatever the offset; EHR creation time is a timestamp', async () => {
    const q = (value: string) => aql(t.db, `SELECT c/uid/value FROM COMPOSITION c WHERE c/context/start_time = '${value}'`);
    expect(await q('2021-12-21T13:19:31.649613Z')).toEqual([[max.uid]]);
    expect(await q('2021-12-21T14:19:31.649613+01:00')).toEqual([[max.uid]]);
    expect(await aql(t.db, "SELECT e/ehr_id/value FROM EHR e WHERE e/time_created/value > '2020-01-01'")).toEqual([[ehr]]);
    expect(await aql(t.db, "SELECT e/ehr_id/value FROM EHR e WHERE e/time_created > '2020-01-01T00:00:00Z'")).toEqual([[ehr]]);
  });

  it('bad data and mismatched types read as no match, never as an error', async () => {
    const bad = await addComposition(t.db, ehr, 'minimal_observation_1.composition.json', (doc) => {
      const items = (doc.content as [{ data: { events: [{ data: { items: CanonicalObject[] } }] } }])[0].data.events[0].data.items;
      items[0] = { ...items[0], value: { _type: 'DV_TEXT', value: '2021-02-30T25:61:00' } };
    });
    const path = 'o/data[at0001]/events[at0002]/data[at0003]/items[at0004]/value';
    const where = (condition: string) => aql(t.db, `SELECT o/name/value FROM OBSERVATION o[openEHR-EHR-OBSERVATION.minimal.v1] WHERE ${path} ${condition}`);
    for (const condition of ['> 5', '= true', "< '10:00:00'", "= '2021-03-02T01:01:00'"]) expect(await where(condition)).toEqual([]);
    // Not an instant: compared as text.
    expect(await where("> '2021-01-01T00:00:00'")).toEqual([['Minimal']]);
    expect(await aql(t.db, `SELECT ${path}/value FROM OBSERVATION o[openEHR-EHR-OBSERVATION.minimal.v1] ORDER BY ${path} DESC`)).toEqual([
      ['2021-02-30T25:61:00'],
    ]);
    expect(bad.uid).toBeTruthy();
  });
});
