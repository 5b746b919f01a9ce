// Mutated copies of the shared fixtures, leaf constraints: each fails with exactly the expected violation.
import { describe, expect, it } from 'vitest';
import { BP, BP_ITEMS, BP_JSON, BP_OPT, bpItems, check, composition, CUFF, template, type Json } from '../../../kit/template-fixtures.ts';
import { validateAgainstTemplate, type TemplateViolation } from '../../../../subgraphs/clinical/templates/index.ts';

describe('C_DV_QUANTITY', () => {
  it('wrong units', () => {
    const doc = composition(BP_JSON);
    bpItems(doc)[0].value.units = 'kPa';
    expect(validateAgainstTemplate(template(BP_OPT), doc)).toEqual<TemplateViolation[]>([
      {
        path: `${BP_ITEMS}[at0004]/value/units`,
        constraint: 'units',
        expected: 'one of mm[Hg]',
        actual: 'kPa',
        jsonPath: '$.content[0].data.events[0].data.items[0].value.units',
      },
    ]);
  });

  it('magnitude out of range, and too many decimals for precision 0', () => {
    expect(check(BP_OPT, BP_JSON, (c) => (bpItems(c)[1].value.magnitude = 1000))).toEqual([
      ['magnitude', `${BP_ITEMS}[at0005]/value/magnitude`, '[0, 1000) mm[Hg]', '1000'],
    ]);
    expect(check(BP_OPT, BP_JSON, (c) => (bpItems(c)[1].value.magnitude = -1))).toHaveLength(1);
    expect(check(BP_OPT, BP_JSON, (c) => (bpItems(c)[2].value.magnitude = 22.5))).toEqual([]); // precision 1
    expect(check(BP_OPT, BP_JSON, (c) => (bpItems(c)[3].value.magnitude = 22.5))).toEqual([
      ['precision', `${BP_ITEMS}[at1007]/value/magnitude`, 'at most 0 decimal places', '22.5'],
    ]);
  });

  it('minimal_evaluation: units outside kg|mg|gm', () => {
    const path = '/content[openEHR-EHR-EVALUATION.minimal.v1]/data[at0001]/items[at0002]/value/units';
    expect(check('minimal_evaluation.opt', 'minimal_evaluation.json', (c) => (c.content[0].data.items[0].value.units = 'lb'))).toEqual([
      ['units', path, 'one of kg, mg, gm', 'lb'],
    ]);
  });
});

describe('C_CODE_PHRASE', () => {
  it('a code outside the list', () => {
    expect(check(BP_OPT, BP_JSON, (c) => (c.content[0].protocol.items[0].value.defining_code.code_string = 'at9999'))).toEqual([
      ['code_list', `${CUFF}/code_string`, 'one of at0015, at0016, at0017, at1008, at1009, at1018, at1019', 'at9999'],
    ]);
  });

  it('the wrong terminology', () => {
    expect(check(BP_OPT, BP_JSON, (c) => (c.content[0].protocol.items[0].value.defining_code.terminology_id.value = 'SNOMED-CT'))).toEqual([
      ['terminology', `${CUFF}/terminology_id`, 'local', 'SNOMED-CT'],
    ]);
  });

  it('composition category outside openehr::433', () => {
    expect(check(BP_OPT, BP_JSON, (c) => (c.category.defining_code.code_string = '431'))).toEqual([
      ['code_list', '/category/defining_code/code_string', 'one of 433', '431'],
    ]);
  });

  it('an external terminology without a code list accepts any code of that terminology only', () => {
    const at0006 = (c: Json): Json => c.content[0].data.events[0].data.items[2].value.defining_code;
    expect(check('Test_all_types.opt', 'all_types_systematic_tests.json', (c) => (at0006(c).code_string = '12345'))).toEqual([]);
    expect(check('Test_all_types.opt', 'all_types_systematic_tests.json', (c) => (at0006(c).terminology_id.value = 'LOINC'))).toEqual([
      [
        'terminology',
        '/content[openEHR-EHR-OBSERVATION.test_all_types.v1]/data[at0001]/events[at0002]/data[at0003]' + '/items[at0006]/value/defining_code/terminology_id',
        'SNOMED-CT',
        'LOINC',
      ],
    ]);
  });
});

describe('primitive constraints', () => {
  it('C_DV_ORDINAL: a value/symbol pair not in the list', () => {
    expect(
      check('minimal_admin.opt', 'minimal_admin.json', (c) => {
        const v = c.content[0].data.items[0].value;
        v.value = 5;
        v.symbol.defining_code.code_string = 'at0099';
      }),
    ).toEqual([
      [
        'ordinal',
        '/content[openEHR-EHR-ADMIN_ENTRY.minimal.v1]/data[at0001]/items[at0002]/value',
        'one of 1 [local::at0003], 2 [local::at0004], 3 [local::at0005]',
        '5 [local::at0099]',
      ],
    ]);
  });

  it('C_INTEGER list and C_REAL range (DV_PROPORTION type 3|4, numerator >= 0)', () => {
    const value = '/content[openEHR-EHR-ACTION.minimal_2.v1]/description[at0001]/items[at0002]/value';
    const proportion = (c: Json): Json => c.content[0].description.items[0].value;
    expect(check('minimal_action2.opt', 'minimal_action2_1.json', (c) => (proportion(c).type = 2))).toEqual([['integer', `${value}/type`, 'one of 3, 4', '2']]);
    expect(check('minimal_action2.opt', 'minimal_action2_1.json', (c) => (proportion(c).numerator = -1))).toEqual([
      ['real', `${value}/numerator`, 'in [0, *]', '-1'],
    ]);
    expect(check('minimal_action2.opt', 'minimal_action2_1.json', (c) => (proportion(c).denominator = 0))).toEqual([
      ['real', `${value}/denominator`, 'in (0, *]', '0'],
    ]);
  });

  it('C_STRING pattern (ACTIVITY.action_archetype_id; the pattern text itself is accepted) and list', () => {
    const path = '/content[openEHR-EHR-INSTRUCTION.minimal.v1]/activities[at0001]/action_archetype_id';
    const set = (v: string) => (c: Json) => (c.content[0].activities[0].action_archetype_id = v);
    expect(check('minimal_instruction.opt', 'minimal_instruction.json', set('openEHR-EHR-ACTION.other.v1'))).toEqual([
      ['string', path, 'matching /openEHR-EHR-ACTION\\.minimal\\.v1/', 'openEHR-EHR-ACTION.other.v1'],
    ]);
    expect(check('minimal_instruction.opt', 'minimal_instruction.json', set('openEHR-EHR-ACTION.minimal.v1'))).toEqual([]);
    expect(check('IDCR-LaboratoryTestReport.opt', 'IDCR-LabReportRAW1.xml', (c) => (c.name.value = 'Other report'))).toEqual([
      ['string', '/name/value', 'one of "Laboratory test report"', 'Other report'],
    ]);
  });

  it('C_DATE_TIME pattern yyyy-mm-ddTHH:MM:SS: seconds are required', () => {
    expect(
      check('Test_all_types.opt', 'all_types_systematic_tests.json', (c) => {
        c.content[0].data.events[0].data.items[6].value.value = '2019-01-28T21:22';
      }),
    ).toEqual([
      [
        'date_time_pattern',
        '/content[openEHR-EHR-OBSERVATION.test_all_types.v1]/data[at0001]/events[at0002]/data[at0003]/items[at0010]/value/value',
        'matching yyyy-mm-ddTHH:MM:SS',
        '2019-01-28T21:22',
      ],
    ]);
  });

  it('C_DURATION pattern PTM and range PT0S..PT0S (POINT_EVENT.offset)', () => {
    const duration = '/content[openEHR-EHR-INSTRUCTION.minimal.v1]/activities[at0001]/description[at0002]/items[at0003]/value/value';
    expect(
      check('minimal_instruction.opt', 'minimal_instruction.json', (c) => {
        c.content[0].activities[0].description.items[0].value.value = 'P1D';
      }),
    ).toEqual([['duration', duration, 'matching PTM', 'P1D']]);
    const offset = (v: string) => (c: Json) => (c.content[0].data.events[0].offset = { _type: 'DV_DURATION', value: v });
    expect(check(BP_OPT, BP_JSON, offset('PT0S'))).toEqual([]);
    expect(check(BP_OPT, BP_JSON, offset('PT5M'))).toEqual([['duration', `${BP}/data[at0001]/events[at0002]/offset/value`, 'in PT0S..PT0S', 'PT5M']]);
  });
});
