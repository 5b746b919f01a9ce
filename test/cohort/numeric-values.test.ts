/**
 * numeric_values (migration 007): what commits extract from every real fixture equals what an
 * independent walk of the same documents finds, updates and deletions leave only the current
 * version's values, and the migration's backfill of existing data gives the same rows.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureNames, loadFixture, withAnonymousFeeds } from '../kit/fixtures.ts';
import { buildCallerAbility, loadPolicy } from '../../subgraphs/kit/authz/index.ts';
import { policyFolder, principal, removePolicyFolders } from '../unit/kit/authz/support.ts';
import { validateCohortQuery } from '../../subgraphs/clinical/cohort/input.ts';
import { cohortStatement, elementsStatement, type CohortRow } from '../../subgraphs/clinical/cohort/sql.ts';
import { migrate } from '../../subgraphs/kit/db/migrate.ts';
import { bloodPressureComposition } from '../../scripts/demo/compositions.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import { commit, createEhr, DELETE, update } from '../security/support.ts';
import { type Headers } from '../kit/tokens.ts';

const BLOOD_PRESSURE = 'openEHR-EHR-OBSERVATION.blood_pressure.v2';
const ENTRY_TYPES = new Set(['OBSERVATION', 'EVALUATION', 'INSTRUCTION', 'ACTION', 'ADMIN_ENTRY']);
type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The expected rows, found here without SQL: `path=value` of every numeric ELEMENT value inside an entry. */
function expectedValues(document: unknown): string[] {
  const found: string[] = [];
  const numberOf = (node: Json): number | null => {
    if ((node._type === 'DV_QUANTITY' || node._type === 'DV_COUNT') && typeof node.magnitude === 'number') return node.magnitude;
    if (node._type === 'DV_PROPORTION' && typeof node.numerator === 'number' && typeof node.denominator === 'number' && node.denominator !== 0) {
      return node.numerator / node.denominator;
    }
    return null;
  };
  const walkEntry = (node: Json, path: string) => {
    for (const [key, value] of Object.entries(node)) {
      for (const child of Array.isArray(value) ? value : [value]) {
        if (!isObject(child)) continue;
        const step = `${path}/${key}${typeof child.archetype_node_id === 'string' ? `[${child.archetype_node_id}]` : ''}`;
        const number = child._type === 'ELEMENT' && isObject(child.value) ? numberOf(child.value) : null;
        if (number !== null) found.push(`${step}/value=${number}`);
        walkEntry(child, step);
      }
    }
  };
  const findEntries = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(findEntries);
    if (!isObject(node)) return;
    if (typeof node._type === 'string' && ENTRY_TYPES.has(node._type)) return walkEntry(node, '');
    Object.values(node).forEach(findEntries);
  };
  findEntries(document);
  return found.sort();
}

describe('numeric values extracted at commit', () => {
  let system: TestSystem;
  let staff: Headers;
  let ehrId: string;
  const stored = async (objectId: string) =>
    (
      await system.clinicalDb.query<{ row: string }>(
        `SELECT e.element_path || '=' || v.value::text AS row
         FROM numeric_values v JOIN numeric_elements e ON e.id = v.element_id WHERE v.object_id = $1`,
        [objectId],
      )
    ).rows
      .map((r) => r.row)
      .sort();
  const allRows = async () =>
    (
      await system.clinicalDb.query(
        `SELECT v.*, e.archetype_node_id, e.element_path, NULL AS element_id
         FROM numeric_values v JOIN numeric_elements e ON e.id = v.element_id ORDER BY v.object_id, v.position, e.element_path, v.value`,
      )
    ).rows;

  beforeAll(async () => {
    system = await startSystem();
    staff = { authorization: `Bearer ${await system.token()}` };
    ehrId = (await createEhr(system.gateway, staff)).id;
  });
  afterAll(async () => {
    await system?.stop();
    removePolicyFolders();
  });

  it('stores exactly the numeric element values of every fixture, with their openEHR paths', async () => {
    let total = 0;
    for (const name of fixtureNames()) {
      const document = withAnonymousFeeds(loadFixture(name)); // feeds naming a patient are refused at commit
      const { objectId } = await commit(system.gateway, staff, ehrId, document);
      const expected = expectedValues(document);
      expect(await stored(objectId), name).toEqual(expected.map((row) => row.replace(/=(.*)$/, (_, n: string) => `=${Number(n)}`)));
      total += expected.length;
    }
    expect(total).toBeGreaterThan(20);
  });

  it('stores ratios, tiny and huge numbers the way the backfill computes them', async () => {
    const document = bloodPressureComposition(1, 1, '2025-05-01T08:00:00Z') as { content: Record<string, any>[] };
    const element = (id: string, value: Json) => ({ _type: 'ELEMENT', name: { _type: 'DV_TEXT', value: id }, archetype_node_id: id, value });
    const quantity = (magnitude: number) => ({ _type: 'DV_QUANTITY', magnitude, units: 'mm[Hg]', precision: 0 });
    // ratios (type 0): a fraction (3) must be integral, and no proportion may have denominator 0 (RM invariants)
    const proportion = (numerator: number, denominator: number) => ({ _type: 'DV_PROPORTION', numerator, denominator, type: 0 });
    (document.content[0] as Record<string, any>).data.events[0].data.items = [
      element('at0004', quantity(-12.5)),
      element('at0005', quantity(1e-310)),
      element('at0006', quantity(1.5e149)),
      element('at0011', quantity(1.5e150)),
      element('at0007', proportion(1, 3)),
      element('at0008', proportion(2, 7)),
      element('at0009', proportion(1e145, 1e-10)),
    ];
    const { objectId } = await commit(system.gateway, staff, ehrId, document);
    const paths = (id: string) => `/data[at0001]/events[at0002]/data[at0003]/items[${id}]/value`;
    expect(await stored(objectId)).toEqual(
      [`${paths('at0004')}=-12.5`, `${paths('at0005')}=0`, `${paths('at0006')}=1.5e+149`, `${paths('at0007')}=${1 / 3}`, `${paths('at0008')}=${2 / 7}`].sort(),
    );
  });

  it('keeps only the latest version: an update replaces the values, a deletion removes them', async () => {
    const document = loadFixture('ehrbase_blood_pressure_simple.de.v0.json');
    const { uid, objectId } = await commit(system.gateway, staff, ehrId, document);
    const before = await stored(objectId);
    expect(before.length).toBeGreaterThan(0);
    const changed = JSON.stringify(document).replace(/"magnitude":\s*([0-9.]+)/, '"magnitude": 321.5');
    const next = await update(system.gateway, staff, uid, JSON.parse(changed));
    const after = await stored(objectId);
    expect(after).toEqual(expectedValues(JSON.parse(changed)));
    expect(after.some((row) => row.endsWith('=321.5'))).toBe(true);
    expect(after).not.toEqual(before);
    const deleted = await system.gateway.request(DELETE, { p: next }, staff);
    expect(deleted.errors).toBeUndefined();
    expect(await stored(objectId)).toEqual([]);
  });

  it('applies rules on columns it does not carry (archetype ids, subject namespace) through look-ups', async () => {
    const policy = (entry: string, composition: string, namespace: string) =>
      loadPolicy(
        policyFolder({
          'p.yaml': `version: 1
roles:
  analyst:
    - { action: read, subject: Entry, conditions: { archetypeNodeId: "${entry}" }, reason: r }
    - { action: read, subject: Composition, conditions: { archetypeNodeId: "${composition}" }, reason: r }
    - { action: read, subject: Ehr, conditions: { subjectNamespace: "${namespace}" }, reason: r }
`,
        }),
      );
    const total = async (entry: string, composition: string, namespace: string) => {
      const spec = validateCohortQuery({ archetypeId: BLOOD_PRESSURE, elementPath: '/data/events/data/items/value' });
      const elements = elementsStatement(spec);
      const ids = (await system.clinicalDb.query<{ id: number }>(elements.sql, elements.params)).rows.map((row) => row.id);
      const ability = buildCallerAbility(policy(entry, composition, namespace), principal({ roles: ['analyst'] }));
      const { sql, params } = cohortStatement(spec, ids, ability);
      const rows = (await system.clinicalDb.query<CohortRow>(sql, params)).rows;
      return rows.find((row) => row.total)?.valueCount;
    };
    const composition = 'openEHR-EHR-COMPOSITION.encounter.v1';
    const { rows } = await system.clinicalDb.query<{ n: number; namespace: string }>(
      `SELECT count(*)::int AS n, min(h.subject_namespace) AS namespace FROM numeric_values v
       JOIN numeric_elements e ON e.id = v.element_id JOIN ehrs h ON h.id = v.ehr_id
       JOIN composition_versions c ON c.object_id = v.object_id AND c.version = v.version
       WHERE e.archetype_node_id = $1 AND c.archetype_node_id = $2`,
      [BLOOD_PRESSURE, composition],
    );
    const [all] = rows as [{ n: number; namespace: string }];
    expect(all.n).toBeGreaterThan(0);
    expect(await total(BLOOD_PRESSURE, composition, all.namespace)).toBe(all.n);
    expect(await total('openEHR-EHR-OBSERVATION.other.v1', composition, all.namespace)).toBe(0);
    expect(await total(BLOOD_PRESSURE, 'openEHR-EHR-COMPOSITION.report.v1', all.namespace)).toBe(0);
    expect(await total(BLOOD_PRESSURE, composition, 'elsewhere')).toBe(0);
  });

  it("the migration's backfill of existing compositions gives the rows commits store", async () => {
    const committed = await allRows();
    expect(committed.length).toBeGreaterThan(20);
    await system.clinicalDb.exec(`DROP TABLE numeric_values; DROP TABLE numeric_elements;
      DELETE FROM schema_migrations WHERE version = '007_numeric_values'`);
    const applied = await migrate(system.clinicalDb, fileURLToPath(new URL('../../subgraphs/clinical/migrations/', import.meta.url)));
    expect(applied).toEqual(['007_numeric_values']);
    expect(await allRows()).toEqual(committed);
  });
});
