import { describe, expect, it } from 'vitest';
import { readOpt, template, templateFiles } from '../../../kit/template-fixtures.ts';
import {
  compileTemplate,
  deserializeTemplate,
  serializeTemplate,
  TemplateParseError,
  validateAgainstTemplate,
  type ComplexNode,
  type ConstraintNode,
} from '../../../../subgraphs/clinical/templates/index.ts';
import { attribute, complex, element, primitive, syntheticOpt } from './synthetic-opt.ts';

/** Follows attribute names / node ids from a node: `['content', 'openEHR-…', 'data', 'at0001', …]`. */
function at(node: ConstraintNode, ...steps: string[]): ConstraintNode {
  let current = node;
  for (let i = 0; i < steps.length; i += 2) {
    const attr = (current as ComplexNode).attributes.find((a) => a.name === steps[i]);
    const next = attr?.children.find((c) => steps[i + 1] === undefined || c.nodeId === steps[i + 1]);
    if (!next) throw new Error(`no ${steps.slice(0, i + 2).join('/')}`);
    current = next;
  }
  return current;
}

const parseError = (xml: string): string => {
  try {
    compileTemplate(xml);
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateParseError);
    return (error as TemplateParseError).reason;
  }
  throw new Error('expected a TemplateParseError');
};

describe('compileTemplate', () => {
  it('compiles all 9 shared OPTs', () => {
    expect(templateFiles()).toHaveLength(17);
    for (const file of templateFiles()) expect(template(file).root.kind).toBe('complex');
  });

  it('reads the template header', () => {
    expect(template('conformance_ehrbase.de.v0.opt')).toMatchObject({
      formatVersion: 1,
      templateId: 'conformance-ehrbase.de.v0',
      language: 'en',
      rootArchetypeId: 'openEHR-EHR-COMPOSITION.conformance_composition_.v0',
    });
    expect(template('minimal_observation.opt')).toMatchObject({ templateId: 'minimal_observation.en.v1', concept: 'Minimal observation' });
  });

  it('compiles C_DV_QUANTITY, C_CODE_PHRASE, C_DV_ORDINAL, slots and primitives', () => {
    const bp = template('ehrbase_blood_pressure_simple.de.v0.opt').root;
    const obs = ['content', 'openEHR-EHR-OBSERVATION.sample_blood_pressure.v1'];
    expect(at(bp, ...obs)).toMatchObject({ kind: 'complex', rmType: 'OBSERVATION', occurrences: { min: 1, max: 8 } });
    expect(at(bp, ...obs, 'data', 'at0001', 'events', 'at0002', 'data', 'at0003', 'items', 'at0004', 'value')).toEqual({
      kind: 'quantity',
      rmType: 'DV_QUANTITY',
      nodeId: '',
      occurrences: { min: 1, max: 1 },
      property: 'openehr::125',
      units: [
        {
          units: 'mm[Hg]',
          magnitude: { min: 0, max: 1000, minIncluded: true, maxIncluded: false },
          precision: { min: 0, max: 0, minIncluded: true, maxIncluded: true },
        },
      ],
    });
    const code = at(bp, ...obs, 'protocol', 'at0011', 'items', 'at1010', 'value', undefined as never, 'defining_code');
    expect(code).toMatchObject({ kind: 'codePhrase', terminology: 'local', codes: ['at1011', 'at1012'] });
    expect(Object.keys((code as { labels: object }).labels)).toEqual(['at1011', 'at1012']);
    expect(at(bp, ...obs, 'protocol', 'at0011', 'items', 'at1025')).toMatchObject({
      kind: 'slot',
      rmType: 'CLUSTER',
      includes: ['openEHR-EHR-CLUSTER\\.device\\.v1'],
      excludes: [],
    });

    const admin = template('minimal_admin.opt').root;
    const ordinal = at(admin, 'content', 'openEHR-EHR-ADMIN_ENTRY.minimal.v1', 'data', 'at0001', 'items', 'at0002', 'value');
    expect(ordinal).toMatchObject({
      kind: 'ordinal',
      options: [{ value: 1, terminology: 'local', code: 'at0003' }, { value: 2 }, { value: 3 }],
    });

    const all = template('Test_all_types.opt').root;
    const partialDate = at(
      all,
      'content',
      'openEHR-EHR-SECTION.test_all_types.v1',
      'items',
      'at0001',
      'items',
      'at0002',
      'items',
      'openEHR-EHR-INSTRUCTION.test_all_types.v1',
      'activities',
      'at0001',
      'description',
      'at0002',
      'items',
      'at0003',
      'value',
      undefined as never,
      'value',
    );
    expect(partialDate).toMatchObject({ kind: 'primitive', item: { type: 'DATE', pattern: 'yyyy-??-XX', components: 'rox' } });
  });

  it('marks RM functions (EVENT.offset, DV_PROPORTION.is_integral) as computed', () => {
    const proportion = at(
      template('minimal_action2.opt').root,
      'content',
      'openEHR-EHR-ACTION.minimal_2.v1',
      'description',
      'at0001',
      'items',
      'at0002',
      'value',
    ) as ComplexNode;
    expect(proportion.attributes.map((a) => [a.name, a.computed === true])).toEqual([
      ['numerator', false],
      ['denominator', false],
      ['is_integral', true],
      ['type', false],
    ]);
  });

  it('is deterministic and plain JSON', () => {
    for (const file of templateFiles()) {
      const a = compileTemplate(readOpt(file));
      const b = compileTemplate(readOpt(file));
      expect(a).toEqual(b);
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    }
  });

  it('round-trips through serializeTemplate / deserializeTemplate (also via JSON text)', () => {
    const t = template('conformance_ehrbase.de.v0.opt');
    const stored = JSON.stringify(serializeTemplate(t));
    const revived = deserializeTemplate(JSON.parse(stored));
    expect(revived).toEqual(t);
    expect(deserializeTemplate(stored)).toEqual(t);
    expect(() => deserializeTemplate({ templateId: 'x' })).toThrow(TemplateParseError);
    expect(() => deserializeTemplate('{not json')).toThrow(TemplateParseError);
  });

  it('resolves ARCHETYPE_INTERNAL_REF to a copy of its target with its own occurrences', () => {
    const target = element('at0002', complex('DV_TEXT', ''));
    const ref =
      '<children xsi:type="ARCHETYPE_INTERNAL_REF"><rm_type_name>ELEMENT</rm_type_name>' +
      '<occurrences><lower_included>true</lower_included><upper_included>true</upper_included><lower_unbounded>false</lower_unbounded>' +
      '<upper_unbounded>false</upper_unbounded><lower>1</lower><upper>1</upper></occurrences><node_id>at0002</node_id>' +
      '<target_path>/data[at0001]/items[at0002]</target_path></children>';
    const t = compileTemplate(syntheticOpt(target + complex('CLUSTER', 'at0003', attribute('items', ref, { multiple: true }), [0, 1])));
    const entry = ['content', 'openEHR-EHR-ADMIN_ENTRY.synthetic.v1', 'data', 'at0001', 'items'];
    const copy = at(t.root, ...entry, 'at0003', 'items', 'at0002');
    expect(copy).toEqual({ ...at(t.root, ...entry, 'at0002'), occurrences: { min: 1, max: 1 } });
    expect(parseError(syntheticOpt(ref.replace('/data[at0001]/items[at0002]', '/nowhere')))).toMatch(/target_path "\/nowhere" not found/);
  });

  it('compiled templates validate the same after a storage round trip', () => {
    const t = template('minimal_evaluation.opt');
    expect(validateAgainstTemplate(deserializeTemplate(JSON.parse(JSON.stringify(t))), {})).toEqual(validateAgainstTemplate(t, {}));
  });
});

describe('TemplateParseError', () => {
  it.each([
    ['', /empty input/],
    ['this is not xml', /malformed XML at line 1/],
    ['<template><template_id><value>x</value></template_id>', /malformed XML/],
    ['<archetype><definition/></archetype>', /not an operational template: root element is <archetype>/],
    ['<template><concept>x</concept></template>', /missing template_id\/value/],
    ['<template/>', /missing template_id\/value/],
    ['<template><template_id><value>x</value></template_id></template>', /missing definition/],
    [
      '<template><template_id><value>x</value></template_id><definition><rm_type_name>EHR_STATUS</rm_type_name></definition></template>',
      /definition rm_type_name must be COMPOSITION, found "EHR_STATUS"/,
    ],
    [
      '<template><template_id><value>x</value></template_id><definition><rm_type_name>COMPOSITION</rm_type_name></definition></template>',
      /missing definition\/archetype_id/,
    ],
  ])('%j → %s', (xml, reason) => {
    expect(parseError(xml)).toMatch(reason);
  });

  it('names unsupported constraints, bad patterns and bad regexes with their path', () => {
    const scale = '<children xsi:type="C_DV_SCALE"><rm_type_name>DV_SCALE</rm_type_name></children>';
    expect(parseError(syntheticOpt(element('at0002', scale)))).toMatch(
      /unsupported constraint type "C_DV_SCALE" at \/content\/data\[at0001\]\/items\[at0002\]\/value/,
    );
    const valued = (rmType: string, primitiveType: string, item: string): string =>
      syntheticOpt(element('at0002', complex(rmType, '', attribute('value', primitive(primitiveType, item)))));
    const badDate = valued('DV_DATE', 'DATE', '<item xsi:type="C_DATE"><pattern>dd/mm/yyyy</pattern></item>');
    expect(parseError(badDate)).toMatch(/C_DATE pattern "dd\/mm\/yyyy" not understood/);
    const badRegex = valued('DV_TEXT', 'STRING', '<item xsi:type="C_STRING"><pattern>a(b</pattern></item>');
    expect(parseError(badRegex)).toMatch(/pattern "a\(b" is not a valid regular expression/);
  });

  it('throws TemplateParseError (never a raw error) for XML that is not an OPT at all', () => {
    expect(() => compileTemplate('<?xml version="1.0"?><html><body>hi</body></html>')).toThrow(TemplateParseError);
    expect(() => compileTemplate('{"templateId": "x"}')).toThrow(TemplateParseError);
  });
});
