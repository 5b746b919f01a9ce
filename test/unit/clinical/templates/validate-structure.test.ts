// Mutated copies of the shared fixtures, structure: occurrences, cardinality, existence, extra nodes, slots, RM types.
import { describe, expect, it } from 'vitest';
import { BP, BP_ITEMS, BP_JSON, BP_OPT, bpItems, check, CONFORMANCE_OPT, CUFF, MAX_V2, type Json } from '../../../kit/template-fixtures.ts';

describe('occurrences, cardinality, existence', () => {
  it('a missing mandatory entry (OBSERVATION 1..8) and too many of it', () => {
    expect(check(BP_OPT, BP_JSON, (c) => delete c.content)).toEqual([['occurrences', BP, '1..8', '0']]);
    expect(check(BP_OPT, BP_JSON, (c) => (c.content = Array.from({ length: 9 }, () => c.content[0])))).toEqual([['occurrences', BP, '1..8', '9']]);
  });

  it('a missing mandatory ELEMENT (IDCR "Test name" 1..1)', () => {
    const items = '/content[openEHR-EHR-OBSERVATION.laboratory_test.v0]/data[at0001]/events[at0002]/data[at0003]/items';
    const drop = (ids: string[]) => (c: Json) => {
      const tree = c.content[0].data.events[0].data;
      tree.items = tree.items.filter((i: Json) => !ids.includes(i.archetype_node_id));
    };
    expect(check('IDCR-LaboratoryTestReport.opt', 'IDCR-LabReportRAW1.xml', drop(['at0005']))).toEqual([['occurrences', `${items}[at0005]`, '1..1', '0']]);
    // cardinality 3..* of the items and the three mandatory elements, all reported at once
    expect(check('IDCR-LaboratoryTestReport.opt', 'IDCR-LabReportRAW1.xml', drop(['at0005', 'at0073', 'at0075', 'at0057']))).toEqual([
      ['cardinality', items, '3..*', '1 items'],
      ['occurrences', `${items}[at0005]`, '1..1', '0'],
      ['occurrences', `${items}[at0073]`, '1..1', '0'],
      ['occurrences', `${items}[at0075]`, '1..1', '0'],
    ]);
  });

  it('too many occurrences of an ELEMENT (0..1)', () => {
    const items = '/content[openEHR-EHR-OBSERVATION.minimal.v1]/data[at0001]/events[at0002]/data[at0003]/items';
    expect(
      check('minimal_observation.opt', 'minimal_observation_1.composition.json', (c) => {
        const tree = c.content[0].data.events[0].data;
        tree.items.push(structuredClone(tree.items[0]));
      }),
    ).toEqual([['occurrences', `${items}[at0004]`, '0..1', '2']]);
  });

  it('a missing mandatory attribute (ACTION.ism_transition 1..1)', () => {
    const action = '/content[openEHR-EHR-SECTION.conformance_section.v0]/items[openEHR-EHR-ACTION.conformance_action_.v0]';
    expect(check(CONFORMANCE_OPT, MAX_V2, (c) => delete c.content[0].items[0].ism_transition)).toEqual([
      ['existence', `${action}/ism_transition`, 'present (existence 1..1)', 'absent'],
    ]);
  });
});

describe('extra nodes, slots, RM types, node ids', () => {
  const MIN_ITEMS = '/content[openEHR-EHR-OBSERVATION.minimal.v1]/data[at0001]/events[at0002]/data[at0003]/items';
  const minItems = (c: Json): Json[] => c.content[0].data.events[0].data.items;

  it('an ELEMENT whose node id is not in the template', () => {
    expect(
      check('minimal_observation.opt', 'minimal_observation_1.composition.json', (c) =>
        minItems(c).push({ _type: 'ELEMENT', name: { value: 'x' }, archetype_node_id: 'at0099', value: { _type: 'DV_TEXT', value: 'x' } }),
      ),
    ).toEqual([['extra_node', `${MIN_ITEMS}[at0099]`, 'one of at0004', 'at0099']]);
  });

  it('an entry of an archetype the template does not have', () => {
    const other = 'openEHR-EHR-OBSERVATION.other.v1';
    expect(check('minimal_observation.opt', 'minimal_observation_1.composition.json', (c) => (c.content[0].archetype_node_id = other))).toEqual([
      ['extra_node', `/content[${other}]`, 'one of openEHR-EHR-OBSERVATION.minimal.v1', other],
    ]);
  });

  it('the wrong RM type; DV_CODED_TEXT is fine where DV_TEXT is expected', () => {
    const set = (value: Json) => (c: Json) => (minItems(c)[0].value = value);
    expect(check('minimal_observation.opt', 'minimal_observation_1.composition.json', set({ _type: 'DV_COUNT', magnitude: 1 }))).toEqual([
      ['rm_type', `${MIN_ITEMS}[at0004]/value`, 'one of DV_TEXT', 'DV_COUNT'],
    ]);
    const coded = { _type: 'DV_CODED_TEXT', value: 'x', defining_code: { terminology_id: { value: 'local' }, code_string: 'at1' } };
    expect(check('minimal_observation.opt', 'minimal_observation_1.composition.json', set(coded))).toEqual([]);
  });

  it('archetype slots: an allowed archetype passes unchecked, another is rejected', () => {
    const cluster = (id: string) => (c: Json) =>
      c.content[0].data.events[0].data.items.push({ _type: 'CLUSTER', name: { value: 'c' }, archetype_node_id: id, items: [] });
    const lab = (id: string): string[][] => check('IDCR-LaboratoryTestReport.opt', 'IDCR-LabReportRAW1.xml', cluster(id));
    const items = '/content[openEHR-EHR-OBSERVATION.laboratory_test.v0]/data[at0001]/events[at0002]/data[at0003]/items';
    expect(lab('openEHR-EHR-CLUSTER.specimen-blood.v1')).toEqual([]);
    expect(lab('openEHR-EHR-CLUSTER.device.v1')).toEqual([
      [
        'slot',
        `${items}[openEHR-EHR-CLUSTER.device.v1]`,
        'an archetype matching /openEHR-EHR-CLUSTER\\.specimen(-[a-zA-Z0-9_]+)*\\.v1/',
        'openEHR-EHR-CLUSTER.device.v1',
      ],
    ]);
  });

  it('the root archetype and the template id', () => {
    expect(
      check('minimal_admin.opt', 'minimal_admin.json', (c) => {
        c.archetype_node_id = 'openEHR-EHR-COMPOSITION.other.v1';
        c.archetype_details.template_id.value = 'other';
      }),
    ).toEqual([
      ['archetype_id', '/', 'openEHR-EHR-COMPOSITION.minimal.v1', 'openEHR-EHR-COMPOSITION.other.v1'],
      ['template_id', '/archetype_details/template_id', 'minimal_admin.en.v1', 'other'],
    ]);
  });
});

describe('all violations at once, in document order', () => {
  it('a copy with 3 problems gives 3 violations', () => {
    const violations = check(BP_OPT, BP_JSON, (c) => {
      bpItems(c)[0].value.units = 'kPa';
      c.content[0].protocol.items[0].value.defining_code.code_string = 'at9999';
      bpItems(c).push({ _type: 'ELEMENT', name: { value: 'x' }, archetype_node_id: 'at0099', value: { _type: 'DV_TEXT', value: 'x' } });
    });
    expect(violations.map(([constraint, path]) => [constraint, path])).toEqual([
      ['code_list', `${CUFF}/code_string`], // protocol precedes data in the document
      ['units', `${BP_ITEMS}[at0004]/value/units`],
      ['extra_node', `${BP_ITEMS}[at0099]`],
    ]);
  });

  it('ISM_TRANSITION alternatives: a careflow step that belongs to another current state', () => {
    const violations = check(CONFORMANCE_OPT, MAX_V2, (c) => {
      c.content[0].items[0].ism_transition.careflow_step.defining_code.code_string = 'at0005';
    });
    expect(violations).toHaveLength(1);
    expect(violations[0]?.[0]).toBe('code_list');
  });
});
