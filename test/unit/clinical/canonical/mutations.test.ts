import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../../kit/fixtures.ts';
import { CanonicalJsonError, validateComposition, type CanonicalObject } from '../../../../subgraphs/clinical/canonical/index.ts';

const ALL_TYPES = 'all_types_systematic_tests.json';
const BLOOD_PRESSURE = 'ehrbase_blood_pressure_simple.de.v0.json';
const MAX_V2 = 'conformance_ehrbase.de.v0_max_v2.json';
/** Items of the first event of the all_types OBSERVATION: one ELEMENT per data value type. */
const ALL_TYPES_ITEMS = '$.content[0].data.events[0].data.items';
const ALL_TYPES_ITEM_INDEX = {
  DV_CODED_TEXT: 1,
  DV_QUANTITY: 3,
  DV_COUNT: 4,
  DV_DATE: 5,
  DV_DATE_TIME: 6,
  DV_TIME: 8,
  DV_ORDINAL: 9,
  DV_BOOLEAN: 10,
  DV_DURATION: 11,
  DV_MULTIMEDIA: 12,
  DV_PARSABLE: 13,
  DV_IDENTIFIER: 14,
  DV_PROPORTION: 15,
} as const;

/** Follows keys / indexes from `root` to an object (test setup must point at one). */
function at(root: unknown, ...steps: (string | number)[]): CanonicalObject {
  let node: unknown = root;
  for (const step of steps) node = (node as Record<string | number, unknown>)[step];
  if (typeof node !== 'object' || node === null || Array.isArray(node)) throw new Error(`no object at ${steps.join('.')}`);
  return node as CanonicalObject;
}

/** The ELEMENT at `items[index]` of the first event of a fixture's first OBSERVATION (not inside a SECTION). */
const eventItem = (doc: unknown, index: number): CanonicalObject => at(doc, 'content', 0, 'data', 'events', 0, 'data', 'items', index);
const allTypesValue = (doc: unknown, type: keyof typeof ALL_TYPES_ITEM_INDEX): CanonicalObject => at(eventItem(doc, ALL_TYPES_ITEM_INDEX[type]), 'value');

function failure(doc: unknown): CanonicalJsonError {
  try {
    validateComposition(doc);
  } catch (error) {
    if (error instanceof CanonicalJsonError) return error;
    throw error;
  }
  throw new Error('expected validation to fail');
}

function mutated(name: string, mutate: (doc: unknown) => void): unknown {
  const doc = structuredClone(loadFixture(name));
  mutate(doc);
  return doc;
}

describe('mutated fixtures fail at the exact path', () => {
  it.each<[string, string, (doc: unknown) => void, string, RegExp]>([
    [
      'missing template_id',
      MAX_V2,
      (d) => delete at(d, 'archetype_details').template_id,
      '$.archetype_details.template_id',
      /^archetype_details\.template_id is required: .*found nothing$/,
    ],
    [
      'empty template_id value',
      MAX_V2,
      (d) => (at(d, 'archetype_details', 'template_id').value = ''),
      '$.archetype_details.template_id.value',
      /^archetype_details\.template_id is required: .*found string ""$/,
    ],
    [
      'content item of _type FOO',
      BLOOD_PRESSURE,
      (d) => (at(d, 'content', 0)._type = 'FOO'),
      '$.content[0]._type',
      /OBSERVATION, EVALUATION, INSTRUCTION, ACTION, ADMIN_ENTRY, SECTION, found "FOO"$/,
    ],
    [
      'SECTION item of _type CLUSTER',
      MAX_V2,
      (d) => (at(d, 'content', 0, 'items', 2)._type = 'CLUSTER'),
      '$.content[0].items[2]._type',
      /one of OBSERVATION, .*SECTION, found "CLUSTER"$/,
    ],
    ['content item without _type', BLOOD_PRESSURE, (d) => delete at(d, 'content', 0)._type, '$.content[0]._type', /one of OBSERVATION, .*found nothing$/],
    [
      'entry without name',
      MAX_V2,
      (d) => delete at(d, 'content', 0, 'items', 4).name,
      '$.content[0].items[4].name',
      /^OBSERVATION name must be a DV_TEXT object, found nothing$/,
    ],
    [
      'DV_CODED_TEXT without defining_code',
      BLOOD_PRESSURE,
      (d) => delete at(d, 'content', 0, 'protocol', 'items', 0, 'value').defining_code,
      '$.content[0].protocol.items[0].value.defining_code',
      /^DV_CODED_TEXT defining_code is required: expected a CODE_PHRASE object, found nothing$/,
    ],
    [
      'DV_DATE_TIME with month 13',
      ALL_TYPES,
      (d) => (allTypesValue(d, 'DV_DATE_TIME').value = '2019-13-01T00:00:00Z'),
      `${ALL_TYPES_ITEMS}[6].value.value`,
      /^DV_DATE_TIME value must be an ISO 8601 date-time, found string "2019-13-01T00:00:00Z"$/,
    ],
    [
      'context start_time with month 13',
      MAX_V2,
      (d) => (at(d, 'context', 'start_time').value = '2019-13-01T00:00:00Z'),
      '$.context.start_time.value',
      /^DV_DATE_TIME value must be an ISO 8601 date-time/,
    ],
    [
      'DV_COUNT magnitude 1.5',
      ALL_TYPES,
      (d) => (allTypesValue(d, 'DV_COUNT').magnitude = 1.5),
      `${ALL_TYPES_ITEMS}[4].value.magnitude`,
      /^DV_COUNT magnitude must be an integer, found number 1\.5$/,
    ],
    [
      'DV_BOOLEAN "true"',
      ALL_TYPES,
      (d) => (allTypesValue(d, 'DV_BOOLEAN').value = 'true'),
      `${ALL_TYPES_ITEMS}[10].value.value`,
      /^DV_BOOLEAN value must be a boolean, found string "true"$/,
    ],
    [
      'DV_PROPORTION type 7',
      'minimal_action2_1.json',
      (d) => (at(d, 'content', 0, 'description', 'items', 0, 'value').type = 7),
      '$.content[0].description.items[0].value.type',
      /^DV_PROPORTION type must be an integer 0\.\.4, found number 7$/,
    ],
    [
      'DV_DURATION "P"',
      'minimal_instruction.json',
      (d) => (at(d, 'content', 0, 'activities', 0, 'description', 'items', 0, 'value').value = 'P'),
      '$.content[0].activities[0].description.items[0].value.value',
      /^DV_DURATION value must be an ISO 8601 duration, found string "P"$/,
    ],
    [
      'DV_DATE Feb 30',
      ALL_TYPES,
      (d) => (allTypesValue(d, 'DV_DATE').value = '2019-02-30'),
      `${ALL_TYPES_ITEMS}[5].value.value`,
      /^DV_DATE value must be an ISO 8601 date/,
    ],
    [
      'DV_TIME hour 25',
      ALL_TYPES,
      (d) => (allTypesValue(d, 'DV_TIME').value = '25:00:00'),
      `${ALL_TYPES_ITEMS}[8].value.value`,
      /^DV_TIME value must be an ISO 8601 time/,
    ],
    [
      'DV_ORDINAL value 1.5',
      ALL_TYPES,
      (d) => (allTypesValue(d, 'DV_ORDINAL').value = 1.5),
      `${ALL_TYPES_ITEMS}[9].value.value`,
      /^DV_ORDINAL value must be an integer, found number 1\.5$/,
    ],
    [
      'DV_ORDINAL symbol without code_string',
      ALL_TYPES,
      (d) => delete at(allTypesValue(d, 'DV_ORDINAL'), 'symbol', 'defining_code').code_string,
      `${ALL_TYPES_ITEMS}[9].value.symbol.defining_code.code_string`,
      /code_string must be a string, found nothing$/,
    ],
    [
      'DV_MULTIMEDIA without media_type',
      ALL_TYPES,
      (d) => delete allTypesValue(d, 'DV_MULTIMEDIA').media_type,
      `${ALL_TYPES_ITEMS}[12].value.media_type`,
      /^DV_MULTIMEDIA media_type must be a CODE_PHRASE object, found nothing$/,
    ],
    [
      'DV_PARSABLE without formalism',
      ALL_TYPES,
      (d) => delete allTypesValue(d, 'DV_PARSABLE').formalism,
      `${ALL_TYPES_ITEMS}[13].value.formalism`,
      /^DV_PARSABLE formalism must be a string, found nothing$/,
    ],
    [
      'DV_IDENTIFIER numeric id',
      ALL_TYPES,
      (d) => (allTypesValue(d, 'DV_IDENTIFIER').id = 55175056),
      `${ALL_TYPES_ITEMS}[14].value.id`,
      /^DV_IDENTIFIER id must be a string, found number 55175056$/,
    ],
    [
      'DV_QUANTITY precision 1.5',
      ALL_TYPES,
      (d) => (allTypesValue(d, 'DV_QUANTITY').precision = 1.5),
      `${ALL_TYPES_ITEMS}[3].value.precision`,
      /^DV_QUANTITY precision must be an integer/,
    ],
    [
      'DV_INTERVAL lower as a string',
      ALL_TYPES,
      (d) => (at(d, 'content', 1, 'data', 'items', 1, 'value').lower = '123'),
      '$.content[1].data.items[1].value.lower',
      /^DV_INTERVAL lower must be a data value object/,
    ],
    [
      'DV_QUANTITY inside a DV_INTERVAL',
      ALL_TYPES,
      (d) => delete at(d, 'content', 1, 'data', 'items', 2, 'value', 'upper').units,
      '$.content[1].data.items[2].value.upper.units',
      /^DV_QUANTITY units must be a string, found nothing$/,
    ],
    [
      'ELEMENT value without DV_ _type',
      BLOOD_PRESSURE,
      (d) => (eventItem(d, 0).value = { magnitude: 1 }),
      '$.content[0].data.events[0].data.items[0].value',
      /^ELEMENT value must be a data value object with a DV_\* _type, found object$/,
    ],
    [
      'language without code_string',
      BLOOD_PRESSURE,
      (d) => delete at(d, 'language').code_string,
      '$.language.code_string',
      /code_string must be a string, found nothing$/,
    ],
    [
      'entry encoding without terminology',
      BLOOD_PRESSURE,
      (d) => delete at(d, 'content', 0, 'encoding').terminology_id,
      '$.content[0].encoding.terminology_id',
      /^encoding terminology_id must be a TERMINOLOGY_ID object, found nothing$/,
    ],
    [
      'composer of _type PERSON',
      BLOOD_PRESSURE,
      (d) => (at(d, 'composer')._type = 'PERSON'),
      '$.composer._type',
      /^COMPOSITION composer _type must be one of PARTY_IDENTIFIED, PARTY_SELF, PARTY_RELATED, found "PERSON"$/,
    ],
    [
      'context without start_time',
      BLOOD_PRESSURE,
      (d) => delete at(d, 'context').start_time,
      '$.context.start_time',
      /^EVENT_CONTEXT start_time must be a DV_DATE_TIME object, found nothing$/,
    ],
    [
      'category without defining_code',
      'minimal_observation_1.composition.json',
      (d) => delete at(d, 'category').defining_code,
      '$.category.defining_code',
      /^COMPOSITION category defining_code is required/,
    ],
    ['content not an array', BLOOD_PRESSURE, (d) => (at(d).content = {}), '$.content', /^COMPOSITION content must be an array, found object$/],
    [
      'a bad value under a non-identifier key',
      BLOOD_PRESSURE,
      (d) => (at(d)['x-ext'] = { _type: 'DV_COUNT', magnitude: '3' }),
      "$['x-ext'].magnitude",
      /^DV_COUNT magnitude must be an integer, found string "3"$/,
    ],
  ])('%s', (_label, fixture, mutate, jsonPath, reason) => {
    const error = failure(mutated(fixture, mutate));
    expect(error.jsonPath).toBe(jsonPath);
    expect(error.reason).toMatch(reason);
    expect(error.message).toBe(`${jsonPath}: ${error.reason}`);
  });

  it('DV_QUANTITY magnitude as a string: full message', () => {
    const doc = mutated(BLOOD_PRESSURE, (d) => (at(eventItem(d, 2), 'value').magnitude = '82'));
    expect(failure(doc).message).toBe('$.content[0].data.events[0].data.items[2].value.magnitude: DV_QUANTITY magnitude must be a number, found string "82"');
  });

  it('_type EHR_STATUS: full message', () => {
    const doc = mutated(BLOOD_PRESSURE, (d) => (at(d)._type = 'EHR_STATUS'));
    expect(failure(doc).message).toBe('$._type: expected _type COMPOSITION, found "EHR_STATUS"');
  });

  it('reports the first problem in document order', () => {
    const doc = mutated(ALL_TYPES, (d) => {
      allTypesValue(d, 'DV_BOOLEAN').value = 'yes';
      allTypesValue(d, 'DV_COUNT').magnitude = 'many';
    });
    expect(failure(doc).jsonPath).toBe(`${ALL_TYPES_ITEMS}[4].value.magnitude`);
  });

  it.each<[string, unknown, string]>([
    ['an array', [], 'array (length 0)'],
    ['null', null, 'null'],
    ['a string', 'COMPOSITION', 'string "COMPOSITION"'],
    ['a number', 42, 'number 42'],
  ])('non-object root: %s', (_label, doc, found) => {
    const error = failure(doc);
    expect(error.jsonPath).toBe('$');
    expect(error.message).toBe(`$: expected a COMPOSITION object, found ${found}`);
  });
});

describe('ELEMENT with neither value nor null_flavour', () => {
  it('has a valid shape: that it needs one of them is an RM invariant (test/unit/clinical/canonical/invariants.test.ts)', () => {
    const entry = validateComposition(mutated(BLOOD_PRESSURE, (d) => delete eventItem(d, 1).value)).entries[0];
    expect(entry?.elements.find((e) => e.name === 'Diastolic')).toMatchObject({ value: null, nullFlavour: null });
  });
});
