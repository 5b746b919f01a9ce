// The caller's rules inside the SQL: EHR, composition and entry conditions, refused paths.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../kit/databases.ts';
import type { CanonicalObject } from '../../../../subgraphs/clinical/canonical/index.ts';
import { addComposition, addEhr, aql, migratedDatabase, openAccess, type Stored } from './support.ts';
import { AqlError, compileAql, parseAql, type AqlAccess } from '../../../../subgraphs/clinical/aql/index.ts';

const ANCA = 'LOINC::17351-8';
const RESULT = 'o/data[at0001]/events[at0002]/data[at0003]/items[at0095]/items[at0096]/items[at0112]/value/magnitude';
const LAB = 'OBSERVATION o[openEHR-EHR-OBSERVATION.lab_test-result.v1]';

/** The laboratory report with a second result: ANCA (LOINC 17351-8), 640. */
function withAnca(doc: CanonicalObject): void {
  const cholesterol = (doc.content as CanonicalObject[])[0] as CanonicalObject;
  const anca = JSON.parse(
    JSON.stringify(cholesterol).replaceAll('2093-3', '17351-8').replaceAll('S-Cholesterol', 'ANCA').replace('"magnitude":203', '"magnitude":640'),
  );
  doc.content = [cholesterol, anca];
}

function inSection(doc: CanonicalObject): void {
  withAnca(doc);
  doc.content = [{ _type: 'SECTION', name: { _type: 'DV_TEXT', value: 'Results' }, archetype_node_id: 'openEHR-EHR-SECTION.adhoc.v1', items: doc.content }];
}

/** A nurse of org-a: org-a's EHRs and compositions, no entry coded ANCA; a researcher refuses identifying paths. */
function nurse(refused: Record<string, string[]> = {}): AqlAccess {
  return {
    ehr: (a, params) => `${a}.org = ${params.add('org-a')}`,
    composition: (a, params) => `${a}.ehr_org = ${params.add('org-a')}`,
    entry: (a, params) => `NOT (${a}.codes && ${params.add([ANCA], '::text[]')})`,
    refusePath: (type, path) => (refused[type]?.includes(path) ? `${type.toLowerCase()} ${path} is not for researchers` : null),
  };
}

const researcher = nurse({ EHR: ['ehr_status/subject'], COMPOSITION: ['composer', 'context/health_care_facility'], OBSERVATION: ['subject'] });

describe('entry-level rules: a withheld entry never contributes a row, a count, a min or a max', () => {
  let t: TestDatabase;
  let lab: Stored;
  let sectioned: Stored;
  let ehrA: string;
  let ehrB: string;
  beforeAll(async () => {
    t = await migratedDatabase('aql_access');
    ehrA = await addEhr(t.db, 'org-a');
    ehrB = await addEhr(t.db, 'org-b');
    lab = await addComposition(t.db, ehrA, 'laboratory_report.json', withAnca);
    sectioned = await addComposition(t.db, ehrA, 'laboratory_report.json', inSection);
    await addComposition(t.db, ehrB, 'laboratory_report.json');
  });
  afterAll(() => t?.drop());

  const both = async (text: string) => [await aql(t.db, text), await aql(t.db, text, { access: nurse() })];

  it('counts, MIN and MAX over entries', async () => {
    expect(await both(`SELECT COUNT(*) FROM ${LAB}`)).toEqual([[[5]], [[2]]]);
    expect(await both(`SELECT MAX(${RESULT}), MIN(${RESULT}) FROM ${LAB}`)).toEqual([[[640, 203]], [[203, 203]]]);
    expect(await both(`SELECT COUNT(${RESULT}) FROM EHR e CONTAINS COMPOSITION c CONTAINS ${LAB}`)).toEqual([[[5]], [[2]]]);
  });

  it('a WHERE only the withheld entry satisfies finds nothing', async () => {
    const text = `SELECT c/uid/value FROM EHR e CONTAINS COMPOSITION c CONTAINS ${LAB} WHERE ${RESULT} > 500`;
    expect((await aql(t.db, text)).map((r) => r[0]).sort()).toEqual([lab.uid, sectioned.uid].sort());
    expect(await aql(t.db, text, { access: nurse() })).toEqual([]);
  });

  it('ELEMENTs and CLUSTERs reached through CONTAINS come only from readable entries', async () => {
    const elements = await aql(t.db, 'SELECT l/value/magnitude FROM EHR e CONTAINS COMPOSITION c CONTAINS ELEMENT l[at0112]', { access: nurse() });
    expect(elements).toEqual([[203], [203]]);
    const names = await aql(t.db, 'SELECT cl/name/value FROM COMPOSITION c CONTAINS CLUSTER cl[at0096]', { access: nurse() });
    expect(names).toEqual([['S-Cholesterol'], ['S-Cholesterol']]);
    const all = JSON.stringify(await aql(t.db, 'SELECT l FROM EHR e CONTAINS ELEMENT l', { access: nurse() }));
    expect(all).not.toContain('17351-8');
    expect(all).toContain('2093-3');
  });

  it('SELECT c and SELECT s return the documents without withheld entries', async () => {
    const rows = await aql(t.db, 'SELECT c FROM COMPOSITION c', { access: nurse() });
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toContain('17351-8');
    const byUid = new Map(rows.map((r) => [((r[0] as CanonicalObject).uid as { value: string }).value, r[0] as CanonicalObject]));
    expect((byUid.get(lab.uid)?.content as unknown[]).length).toBe(1);
    expect(byUid.get(lab.uid)?.content).toEqual([(lab.document.content as unknown[])[0]]);
    const sections = await aql(t.db, 'SELECT s FROM COMPOSITION c CONTAINS SECTION s', { access: nurse() });
    expect(sections).toHaveLength(1);
    expect(((sections[0]?.[0] as CanonicalObject).items as unknown[]).length).toBe(1);
    expect(await aql(t.db, `SELECT o/name/value FROM SECTION s CONTAINS ${LAB}`, { access: nurse() })).toEqual([['Laboratory test result']]);
    // Without restrictions the stored JSON comes back as stored.
    expect((await aql(t.db, `SELECT c FROM COMPOSITION c WHERE c/uid/value = '${lab.uid}'`))[0]?.[0]).toEqual(lab.document);
  });

  it("EHR and composition rules: another organisation's EHR does not appear", async () => {
    expect((await aql(t.db, 'SELECT e/ehr_id/value FROM EHR e')).map((r) => r[0]).sort()).toEqual([ehrA, ehrB].sort());
    expect(await aql(t.db, 'SELECT e/ehr_id/value FROM EHR e', { access: nurse() })).toEqual([[ehrA]]);
    expect(await aql(t.db, `SELECT c/uid/value FROM EHR e CONTAINS COMPOSITION c WHERE e/ehr_id/value = '${ehrB}'`)).toHaveLength(1);
    expect(await aql(t.db, `SELECT c/uid/value FROM EHR e CONTAINS COMPOSITION c WHERE e/ehr_id/value = '${ehrB}'`, { access: nurse() })).toEqual([]);
  });

  it('paths into content or section items are refused (they would bypass entry rules)', () => {
    for (const text of ['SELECT c/content[openEHR-EHR-OBSERVATION.lab_test-result.v1]/data FROM COMPOSITION c', 'SELECT s/items FROM SECTION s']) {
      expect(() => compileAql(parseAql(text), { parameters: {}, access: nurse(), maxRows: 10 })).toThrow(/unsupported path into entries/);
    }
  });
});

describe('refused paths (researchers): refused before any SQL', () => {
  let t: TestDatabase;
  let ehr: string;
  beforeAll(async () => {
    t = await migratedDatabase('aql_refuse');
    ehr = await addEhr(t.db, 'org-a');
    await addComposition(t.db, ehr, 'conformance_ehrbase.de.v0_max_v2.json');
  });
  afterAll(() => t?.drop());

  const compile = (text: string, access: AqlAccess = researcher) => compileAql(parseAql(text), { parameters: {}, access, maxRows: 10 });

  it.each([
    ['SELECT e/ehr_status/subject/external_ref/id/value FROM EHR e', 1, 8],
    ['SELECT e/ehr_status/subject FROM EHR e', 1, 8],
    ["SELECT e/ehr_id/value FROM EHR e WHERE e/ehr_status/subject/external_ref/namespace = 'x'", 1, 40],
    ['SELECT c/composer/name FROM COMPOSITION c', 1, 8],
    ['SELECT o FROM COMPOSITION c CONTAINS OBSERVATION o ORDER BY o/subject/external_ref/id/value', 1, 61],
    ['SELECT x/subject FROM EHR e CONTAINS ENTRY x', 1, 8],
    ["SELECT e FROM EHR e[ehr_status/subject/external_ref/id/value = 'x']", 1, 21],
  ])('%s', (text, line, column) => {
    const error = (() => {
      try {
        compile(text);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(AqlError);
    expect(error).toMatchObject({ line, column });
    expect((error as AqlError).message).toMatch(/path refused \(.*not for researchers\)/);
  });

  it('callers without refusals read the subject reference and the composer', async () => {
    const subject = await aql(t.db, 'SELECT e/ehr_status/subject/external_ref/id/value, e/ehr_status/subject/external_ref/namespace FROM EHR e', {
      access: openAccess,
    });
    const stored = await t.db.query<{ subject_id: string }>('SELECT subject_id FROM ehrs');
    expect(subject).toEqual([[stored.rows[0]?.subject_id, 'default']]);
    expect(await aql(t.db, 'SELECT c/composer/name FROM COMPOSITION c')).toEqual([['Silvia Blake']]);
  });

  it('a missing parameter is refused with its position', () => {
    expect(() => compile('SELECT c FROM COMPOSITION c\nWHERE c/name/value = $name')).toThrow(/^line 2, column 22: missing parameter: \$name$/);
  });
});
