// RM invariants (canonical/invariants.ts): every break is found at once, at its JSON path, whatever else is broken.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_TYPES_RM_BREAKS, fixtureNames, loadFixture, loadVerbatimFixture } from '../../../kit/fixtures.ts';
import { rmInvariantViolations, validateComposition, type CanonicalObject } from '../../../../subgraphs/clinical/canonical/index.ts';

type Json = any; // fixture surgery
const MAX_V2 = 'conformance_ehrbase.de.v0_max_v2.json';
const OBSERVATION = '$.content[0].items[4]';
const EVENT = `${OBSERVATION}.data.events[0]`;
const coded = (terminology: string, code: string) => ({
  _type: 'DV_CODED_TEXT',
  value: 'x',
  defining_code: { terminology_id: { value: terminology }, code_string: code },
});

/** Independent breaks of the max_v2 fixture, each with the JSON path it must be reported at. */
const BREAKS: Record<string, [jsonPath: string, breakIt: (d: Json) => void]> = {
  entryWithoutDetails: ['$.content[0].items[0].archetype_details', (d) => delete d.content[0].items[0].archetype_details],
  otherArchetypeId: [
    '$.content[0].items[1].archetype_details.archetype_id.value',
    (d) => (d.content[0].items[1].archetype_details.archetype_id.value = 'openEHR-EHR-ADMIN_ENTRY.other.v0'),
  ],
  compositionArchetypeId: ['$.archetype_details.archetype_id.value', (d) => (d.archetype_details.archetype_id.value = 'openEHR-EHR-COMPOSITION.other.v1')],
  setting: ['$.context.setting.defining_code.code_string', (d) => (d.context.setting.defining_code.code_string = '999')],
  mode: ['$.context.participations[0].mode.defining_code.code_string', (d) => (d.context.participations[0].mode.defining_code.code_string = '1')],
  language: ['$.language.code_string', (d) => (d.language.code_string = 'xx')],
  territory: ['$.territory.code_string', (d) => (d.territory.code_string = 'XX')],
  category: ['$.category.defining_code.terminology_id.value', (d) => (d.category.defining_code.terminology_id.value = 'local')],
  entryLanguage: ['$.content[0].items[2].language.terminology_id.value', (d) => (d.content[0].items[2].language.terminology_id.value = 'ISO_639-2')],
  encoding: ['$.content[0].items[3].encoding.code_string', (d) => (d.content[0].items[3].encoding.code_string = 'UTF-9')],
  mathFunction: [`${EVENT}.math_function.defining_code.code_string`, (d) => (d.content[0].items[4].data.events[0].math_function = coded('openehr', '433'))],
  transition: [
    '$.content[0].items[0].ism_transition.current_state.defining_code.code_string',
    (d) => (d.content[0].items[0].ism_transition.current_state.defining_code.code_string = '535'),
  ],
  nullFlavourCode: [
    `${EVENT}.data.items[2].null_flavour.defining_code.code_string`,
    (d) => (d.content[0].items[4].data.events[0].data.items[2].null_flavour.defining_code.code_string = '238'),
  ],
  valueAndNullFlavour: [`${EVENT}.data.items[0]`, (d) => (d.content[0].items[4].data.events[0].data.items[0].null_flavour = coded('openehr', '253'))],
  neitherValueNorNullFlavour: [`${OBSERVATION}.data.events[1].data.items[0]`, (d) => delete d.content[0].items[4].data.events[1].data.items[0].value],
  fractionNotIntegral: [`${EVENT}.data.items[3].value.numerator`, (d) => (d.content[0].items[4].data.events[0].data.items[3].value.numerator = 42.5)],
  percentDenominator: [
    `${OBSERVATION}.data.events[1].data.items[3].value.denominator`,
    (d) => (d.content[0].items[4].data.events[1].data.items[3].value.type = 2),
  ],
  unitaryDenominator: [
    `${OBSERVATION}.data.events[2].data.items[3].value.denominator`,
    (d) => (d.content[0].items[4].data.events[2].data.items[3].value.type = 1),
  ],
};

const paths = (doc: unknown) => rmInvariantViolations(doc as CanonicalObject).map((v) => v.jsonPath);

describe('RM invariants', () => {
  it('every fixture, as commits take it, keeps them', () => {
    for (const name of fixtureNames()) expect([name, paths(loadFixture(name))]).toEqual([name, []]);
  });

  it('the openEHR SDK fixtures written for RM 1.0.x break them as vendored (their commits are refused)', () => {
    const broken = fixtureNames().filter((name) => paths(loadVerbatimFixture(name)).length > 0);
    expect(broken).toEqual([
      'all_types_systematic_tests.json',
      'minimal_action2_1.json',
      'minimal_admin.json',
      'minimal_evaluation.json',
      'minimal_instruction.json',
    ]);
    expect(paths(loadVerbatimFixture('all_types_systematic_tests.json'))).toEqual(ALL_TYPES_RM_BREAKS);
  });

  it('any combination of breaks is reported in full, each at its path, with a shape that still validates', () => {
    fc.assert(
      fc.property(fc.subarray(Object.keys(BREAKS), { minLength: 1 }), (names) => {
        const doc = loadFixture(MAX_V2) as Json;
        for (const name of names) BREAKS[name]?.[1](doc);
        validateComposition(doc);
        expect(paths(doc).sort()).toEqual(names.map((name) => BREAKS[name]?.[0]).sort());
      }),
      { numRuns: 200 },
    );
  });

  it('messages say what is expected and what was found', () => {
    const doc = loadFixture(MAX_V2) as Json;
    for (const name of ['language', 'setting', 'percentDenominator', 'valueAndNullFlavour', 'entryWithoutDetails']) BREAKS[name]?.[1](doc);
    expect(rmInvariantViolations(doc).map((v) => v.message)).toEqual([
      'language must be a code of ISO_639-1, found "xx"',
      'EVENT_CONTEXT setting must be a code of the openehr group "setting", found "999"',
      'ACTION is an archetype root: archetype_details is required',
      'ELEMENT must have either a value or a null_flavour, found both',
      'DV_PROPORTION of type 2 (percent) must have denominator 100, found 2',
    ]);
  });

  it('legacy encodings (Unicode::UTF-8) and IANA names in any case are accepted', () => {
    const doc = loadFixture(MAX_V2) as Json;
    doc.content[0].items[3].encoding = { terminology_id: { value: 'Unicode' }, code_string: 'UTF-8' };
    doc.content[0].items[2].encoding = { terminology_id: { value: 'IANA_character-sets' }, code_string: 'iso-8859-1' };
    expect(paths(doc)).toEqual([]);
  });
});
