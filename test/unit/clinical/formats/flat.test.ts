import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rmInvariantViolations, validateComposition } from '../../../../subgraphs/clinical/canonical/index.ts';
import { fromFlat, toFlat } from '../../../../subgraphs/clinical/formats/flat.ts';
import { exampleComposition, validateAgainstTemplate, webTemplate } from '../../../../subgraphs/clinical/templates/index.ts';
import { OPENEHR_FIXTURES } from '../../../kit/fixtures.ts';
import { composition, CONFORMANCE_OPT, MAX_V2, template, templateFiles } from '../../../kit/template-fixtures.ts';

const FLAT_EXAMPLES: Array<[flat: string, template: string]> = [
  ['AlternativeEvents2.flat.json', 'AlternativeEvents.opt'],
  ['Vitalsigns.flat.json', 'EHRN_Vital_signs.v2.opt'],
  ['nested.en.v1.flat.json', 'nested.en.v1.opt'],
  ['test_all_types.flat.json', 'Test_all_types.opt'],
];

const flatFixture = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`flat/${file}`, OPENEHR_FIXTURES), 'utf8')) as Record<string, unknown>;

function convert(flat: unknown, file: string) {
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

/** Keys of a FLAT document whose value FLAT derives from others (a proportion's magnitude) are left alone. */
const derived = (flat: Record<string, unknown>, key: string): boolean => `${key}|numerator` in flat || key.includes('proportion');

/** Without the derived keys (a proportion's magnitude follows its numerator and denominator). */
const underived = (flat: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(flat).filter(([k]) => !(`${k}|numerator` in flat)));

const sameKind = (v: unknown): fc.Arbitrary<unknown> =>
  typeof v === 'number'
    ? fc.oneof(
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
      )
    : typeof v === 'boolean'
      ? fc.boolean()
      : fc.string();

const otherKind = (v: unknown): fc.Arbitrary<unknown> =>
  fc.constantFrom<unknown>(...[null, {}, [], 'text', 7, true].filter((x) => typeof x !== typeof v || (x === null) !== (v === null)));

describe('FLAT violations name the FLAT key', () => {
  it.each(FLAT_EXAMPLES)('%s: any key under an id the web template does not have is an unknown path', (flatFile, optFile) => {
    const flat = flatFixture(flatFile);
    const keys = Object.keys(flat);
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.stringMatching(/^[a-z_]{1,12}$/), (key, id) => {
        const parent = key.slice(0, key.lastIndexOf('/'));
        const bad = `${parent}/no_such_${id}${key.slice(key.lastIndexOf('/')).replace(/^\/[^|]*/, '')}`;
        const { [key]: value, ...rest } = flat;
        const result = convert({ ...rest, [bad]: value }, optFile);
        expect(result.violations).toEqual([expect.objectContaining({ key: bad, kind: 'unknown path' })]);
      }),
      { numRuns: 40 },
    );
  });

  it.each(FLAT_EXAMPLES)('%s: a value of the wrong JSON kind is an invalid value', (flatFile, optFile) => {
    const flat = flatFixture(flatFile);
    const keys = Object.keys(flat).filter((k) => !derived(flat, k));
    fc.assert(
      fc.property(
        fc.constantFrom(...keys).chain((key) => fc.tuple(fc.constant(key), otherKind(flat[key]))),
        ([key, value]) => {
          const result = convert({ ...flat, [key]: value }, optFile);
          expect(result.violations).toEqual([expect.objectContaining({ key, kind: 'invalid value' })]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('reports every bad key, unknown suffixes, indexes on single nodes, foreign roots and unknown ctx/ shortcuts', () => {
    const flat = flatFixture('Vitalsigns.flat.json');
    const bad = {
      ...flat,
      'ehrn_vital_signs.v2/vital_signs:0/blood_pressure:0/any_event:0/systolic|colour': 'red',
      'ehrn_vital_signs.v2/context:0/start_time': '2021-03-21T20:19:49+01:00',
      'other_template/category|code': '433',
      'ctx/favourite_colour': 'blue',
      'ctx/language': 5,
    };
    const result = convert(bad, 'EHRN_Vital_signs.v2.opt');
    expect(result.violations?.map((v) => [v.key, v.kind]).sort()).toEqual(
      [
        ['ehrn_vital_signs.v2/vital_signs:0/blood_pressure:0/any_event:0/systolic|colour', 'unknown path'],
        ['ehrn_vital_signs.v2/context:0/start_time', 'unknown path'],
        ['other_template/category|code', 'unknown path'],
        ['ctx/favourite_colour', 'unknown path'],
        ['ctx/language', 'invalid value'],
      ].sort(),
    );
  });

  it('anything but a JSON object is refused as a whole', () => {
    for (const doc of [null, [], 'flat', 42, true]) {
      expect(convert(doc, 'EHRN_Vital_signs.v2.opt').violations).toEqual([expect.objectContaining({ key: '', kind: 'invalid value' })]);
    }
  });

  it('ctx/ shortcuts fill the composition language, territory, composer and start time', () => {
    const flat = flatFixture('Vitalsigns.flat.json');
    const { ['ehrn_vital_signs.v2/language|code']: _l, ['ehrn_vital_signs.v2/language|terminology']: _t, ...rest } = flat;
    const { ['ehrn_vital_signs.v2/composer|name']: _c, ['ehrn_vital_signs.v2/context/start_time']: _s, ...withoutContext } = rest;
    const ctx = { 'ctx/language': 'de', 'ctx/composer_name': 'Silvia Blake', 'ctx/time': '2021-04-01T12:40:31.418954+02:00' };
    const composition: Json = convert({ ...withoutContext, ...ctx }, 'EHRN_Vital_signs.v2.opt').composition;
    expect(composition.language.code_string).toBe('de');
    expect(composition.composer).toEqual({ _type: 'PARTY_IDENTIFIED', name: 'Silvia Blake' });
    expect(composition.context.start_time.value).toBe('2021-04-01T12:40:31.418954+02:00');
    expect(validateAgainstTemplate(template('EHRN_Vital_signs.v2.opt'), composition)).toEqual([]);
  });
});

describe('generated examples', () => {
  it.each(templateFiles())('%s: FLAT → canonical → FLAT is exact whatever the leaf values (property)', (file) => {
    const t = template(file);
    const web = webTemplate(t);
    const flat = toFlat(exampleComposition(t, { full: true }), web);
    const keys = Object.keys(flat).filter((k) => !derived(flat, k));
    const values = fc.record(Object.fromEntries(keys.map((k) => [k, sameKind(flat[k])])));
    fc.assert(
      fc.property(values, (changed) => {
        const doc = { ...flat, ...changed };
        const result = fromFlat(doc, t, web);
        expect(result.violations).toBeUndefined();
        expect(underived(toFlat(result.composition, web))).toEqual(underived(doc));
      }),
      { numRuns: 8 },
    );
  });

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

describe('canonical fixtures', () => {
  it('keep their context (participations, facility, end time, location) through FLAT', () => {
    const t = template(CONFORMANCE_OPT);
    const doc: Json = composition(MAX_V2);
    const back: Json = fromFlat(toFlat(doc, webTemplate(t)), t, webTemplate(t)).composition;
    const { participations, health_care_facility, end_time, location } = back.context;
    expect(end_time).toEqual(doc.context.end_time);
    expect(location).toBe(doc.context.location);
    expect(health_care_facility.name).toBe(doc.context.health_care_facility.name);
    expect(participations.map((p: Json) => [p.function.value, p.mode?.defining_code.code_string, p.performer.name])).toEqual(
      doc.context.participations.map((p: Json) => [p.function.value, p.mode?.defining_code.code_string, p.performer.name]),
    );
  });
});

describe('docs/formats.md', () => {
  it('its FLAT example converts to a valid composition and back (the keys; ctx/ shortcuts are inputs only)', () => {
    const docs = readFileSync(new URL('../../../../docs/formats.md', import.meta.url), 'utf8');
    const [, file, json] = /<!-- flat-example: (\S+) -->\s*```json\n([\s\S]*?)```/.exec(docs) ?? [];
    const flat = JSON.parse(json!) as Record<string, unknown>;
    const t = template(file!);
    const composition: Json = fromFlat(flat, t, webTemplate(t)).composition;
    expect(validateComposition(composition).templateId).toBe(t.templateId);
    expect(rmInvariantViolations(composition)).toEqual([]);
    expect(validateAgainstTemplate(t, composition)).toEqual([]);
    expect(composition.composer).toEqual({ _type: 'PARTY_IDENTIFIED', name: 'Renaud Subiger' });
    const keys = Object.fromEntries(Object.entries(flat).filter(([k]) => !k.startsWith('ctx/')));
    expect(toFlat(composition, webTemplate(t))).toMatchObject(keys);
  });
});
