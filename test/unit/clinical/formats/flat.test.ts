import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rmInvariantViolations, validateComposition } from '../../../../subgraphs/clinical/canonical/index.ts';
import { fromFlat, toFlat } from '../../../../subgraphs/clinical/formats/flat.ts';
import { exampleComposition, validateAgainstTemplate, webTemplate } from '../../../../subgraphs/clinical/templates/index.ts';
import { OPENEHR_FIXTURES } from '../../../kit/fixtures.ts';
import { template, templateFiles } from '../../../kit/template-fixtures.ts';

const FLAT_EXAMPLES: Array<[flat: string, template: string]> = [
  ['AlternativeEvents2.flat.json', 'AlternativeEvents.opt'],
  ['Vitalsigns.flat.json', 'EHRN_Vital_signs.v2.opt'],
  ['nested.en.v1.flat.json', 'nested.en.v1.opt'],
  ['test_all_types.flat.json', 'Test_all_types.opt'],
];

const flatFixture = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`flat/${file}`, OPENEHR_FIXTURES), 'utf8')) as Record<string, unknown>;

function convert(flat: Record<string, unknown>, file: string) {
  const t = template(file);
  return fromFlat(flat, t, webTemplate(t));
}

describe('FLAT examples (EHRbase simSDT)', () => {
  it.each(FLAT_EXAMPLES)('%s converts to a canonical composition that passes all three validators', (flatFile, optFile) => {
    const result = convert(flatFixture(flatFile), optFile);
    expect(result.violations).toBeUndefined();
    const composition = result.composition!;
    expect(validateComposition(composition).templateId).toBe(template(optFile).templateId);
    expect(rmInvariantViolations(composition)).toEqual([]);
    expect(validateAgainstTemplate(template(optFile), composition)).toEqual([]);
  });

  it.each(FLAT_EXAMPLES)('%s: FLAT → canonical → FLAT is exact', (flatFile, optFile) => {
    const flat = flatFixture(flatFile);
    const back = toFlat(convert(flat, optFile).composition, webTemplate(template(optFile)));
    expect(back).toEqual(flat);
  });
});

describe('generated examples', () => {
  it.each(templateFiles())('%s: canonical → FLAT → canonical is exact (minimal and full example)', (file) => {
    const t = template(file);
    for (const full of [false, true]) {
      const example = withoutEmptyStructures(exampleComposition(t, { full }));
      const flat = toFlat(example, webTemplate(t));
      expect(fromFlat(flat, t, webTemplate(t))).toEqual({ composition: example });
    }
  });
});

// Loosely typed on purpose: pruning generated documents.
type Json = any;
/** Containers and the attribute that holds their data. */
const CONTAINERS: Record<string, string> = {
  ITEM_TREE: 'items',
  ITEM_LIST: 'items',
  ITEM_SINGLE: 'item',
  ITEM_TABLE: 'rows',
  CLUSTER: 'items',
  SECTION: 'items',
  HISTORY: 'events',
};

/** FLAT has keys for data only: a container with nothing in it (a SECTION without items …) has none; drop them. */
function withoutEmptyStructures(o: Json): Json {
  if (Array.isArray(o)) return o.map(withoutEmptyStructures).filter((m) => m !== undefined);
  if (typeof o !== 'object' || o === null) return o;
  const out: Json = {};
  for (const [k, v] of Object.entries(o)) {
    const pruned = withoutEmptyStructures(v);
    if (pruned !== undefined && !(Array.isArray(pruned) && pruned.length === 0 && Array.isArray(v) && v.length > 0)) out[k] = pruned;
  }
  // ISM_TRANSITION is no LOCATABLE: the name the generator copies from an OPT constraint there has no FLAT key
  if (out._type === 'ISM_TRANSITION') delete out.name;
  const container: string | undefined = CONTAINERS[out._type];
  const held = container === undefined ? undefined : out[container];
  const empty = container !== undefined && (held === undefined || (Array.isArray(held) && held.length === 0));
  return empty ? undefined : out;
}
