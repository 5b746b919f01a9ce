// Constraints the shared fixtures do not exercise, on a small hand-written OPT (synthetic-opt.ts).
import { describe, expect, it } from 'vitest';
import { validateComposition } from '../../../../subgraphs/clinical/canonical/index.ts';
import { compileTemplate, validateAgainstTemplate, type CompiledTemplate } from '../../../../subgraphs/clinical/templates/index.ts';
import { attribute, complex, el, element, interval, itemPath, primitive, syntheticComposition, syntheticOpt } from './synthetic-opt.ts';

const item = (type: string, xml: string): string => `<item xsi:type="${type}">${xml}</item>`;
const valued = (rmType: string, primitiveType: string, attr: string, itemXml: string): string =>
  complex(rmType, '', attribute(attr, primitive(primitiveType, itemXml)));

/** An ARCHETYPE_SLOT at0009 for CLUSTERs: `archetype_id/value matches {/includes/}`, excluding `excludes`. */
const slot = (includes: string, excludes: string): string => {
  const assertion = (tag: string, pattern: string): string =>
    `<${tag}><expression xsi:type="EXPR_BINARY_OPERATOR">` +
    '<type>Boolean</type><operator>2007</operator><left_operand xsi:type="EXPR_LEAF"><type>String</type>' +
    '<item xsi:type="xsd:string">archetype_id/value</item><reference_type>attribute</reference_type></left_operand>' +
    '<right_operand xsi:type="EXPR_LEAF"><type>C_STRING</type>' +
    `<item xsi:type="C_STRING"><pattern>${pattern}</pattern></item><reference_type>constraint</reference_type>` +
    `</right_operand></expression></${tag}>`;
  return (
    '<children xsi:type="ARCHETYPE_SLOT"><rm_type_name>CLUSTER</rm_type_name>' +
    `${interval('occurrences', 0, null)}<node_id>at0009</node_id>` +
    `${assertion('includes', includes)}${assertion('excludes', excludes)}</children>`
  );
};

const T: CompiledTemplate = compileTemplate(
  syntheticOpt(
    element('at0002', valued('DV_BOOLEAN', 'BOOLEAN', 'value', item('C_BOOLEAN', '<true_valid>true</true_valid><false_valid>false</false_valid>'))) +
      element('at0003', valued('DV_COUNT', 'INTEGER', 'magnitude', item('C_INTEGER', interval('range', 0, 10)))) +
      element('at0004', valued('DV_TIME', 'TIME', 'value', item('C_TIME', '<pattern>hh:mm:XX</pattern>'))) +
      element('at0005', valued('DV_TEXT', 'STRING', 'value', item('C_STRING', '<list>low</list><list>high</list>')), [1, 1]) +
      element('at0006', valued('DV_DATE', 'DATE', 'value', item('C_DATE', '<pattern>yyyy-mm-dd</pattern>'))) +
      slot('openEHR-EHR-CLUSTER\\.a\\.v1', '.*'),
    attribute('protocol', complex('ITEM_TREE', 'at0010'), { existence: [0, 0] }),
  ),
);

const mandatory = el('at0005', { _type: 'DV_TEXT', value: 'low' });
const run = (items: object[], entry: Record<string, unknown> = {}, options = {}): string[][] => {
  const doc = syntheticComposition([mandatory, ...items], entry);
  validateComposition(doc);
  return validateAgainstTemplate(T, doc, options).map((v) => [v.constraint, v.path, v.expected, v.actual]);
};

describe('synthetic template', () => {
  it('accepts a conforming composition', () => {
    expect(
      run([
        el('at0002', { _type: 'DV_BOOLEAN', value: true }),
        el('at0003', { _type: 'DV_COUNT', magnitude: 10 }),
        el('at0004', { _type: 'DV_TIME', value: '10:30' }),
        el('at0006', { _type: 'DV_DATE', value: '2026-02-03' }),
        { _type: 'CLUSTER', name: { value: 'a' }, archetype_node_id: 'openEHR-EHR-CLUSTER.a.v1', items: [] },
      ]),
    ).toEqual([]);
  });

  it('C_BOOLEAN: false is not valid', () => {
    expect(run([el('at0002', { _type: 'DV_BOOLEAN', value: false })])).toEqual([['boolean', `${itemPath('at0002')}/value/value`, 'true', 'false']]);
  });

  it('C_INTEGER range on DV_COUNT.magnitude', () => {
    expect(run([el('at0003', { _type: 'DV_COUNT', magnitude: 11 })])).toEqual([['integer', `${itemPath('at0003')}/value/magnitude`, 'in [0, 10]', '11']]);
  });

  it('C_TIME hh:mm:XX: minutes required; seconds forbidden only when strict', () => {
    const time = (value: string) => [el('at0004', { _type: 'DV_TIME', value })];
    const violation = (actual: string) => [['date_time_pattern', `${itemPath('at0004')}/value/value`, 'matching hh:mm:XX', actual]];
    expect(run(time('10'))).toEqual(violation('10'));
    expect(run(time('10:30:00'))).toEqual([]);
    expect(run(time('10:30:00'), {}, { strictDatePatterns: true })).toEqual(violation('10:30:00'));
  });

  it('C_DATE yyyy-mm-dd: a partial date fails; a non-ISO string is a value_type violation', () => {
    expect(run([el('at0006', { _type: 'DV_DATE', value: '2026-02' })])).toEqual([
      ['date_time_pattern', `${itemPath('at0006')}/value/value`, 'matching yyyy-mm-dd', '2026-02'],
    ]);
    const doc = syntheticComposition([mandatory, el('at0006', { _type: 'DV_DATE', value: '03.02.2026' })]);
    expect(validateAgainstTemplate(T, doc).map((v) => v.constraint)).toEqual(['value_type']);
  });

  it('C_STRING list and a missing mandatory ELEMENT', () => {
    const doc = syntheticComposition([el('at0005', { _type: 'DV_TEXT', value: 'medium' })]);
    expect(validateAgainstTemplate(T, doc).map((v) => [v.constraint, v.expected, v.actual])).toEqual([['string', 'one of "low", "high"', 'medium']]);
    expect(validateAgainstTemplate(T, syntheticComposition([])).map((v) => [v.constraint, v.path])).toEqual([['occurrences', itemPath('at0005')]]);
  });

  it('slot includes/excludes', () => {
    const cluster = (id: string) => [{ _type: 'CLUSTER', name: { value: 'c' }, archetype_node_id: id, items: [] }];
    expect(run(cluster('openEHR-EHR-CLUSTER.b.v1'))).toEqual([
      ['slot', itemPath('openEHR-EHR-CLUSTER.b.v1'), 'an archetype matching /openEHR-EHR-CLUSTER\\.a\\.v1/', 'openEHR-EHR-CLUSTER.b.v1'],
    ]);
    // a non-archetype node id next to a slot is an extra node, not a slot violation
    expect(run(cluster('at0099'))).toEqual([['extra_node', itemPath('at0099'), 'one of at0002, at0003, at0004, at0005, at0006, at0009', 'at0099']]);
  });

  it('an attribute the template excludes (existence 0..0) is an extra node', () => {
    const protocol = { protocol: { _type: 'ITEM_TREE', name: { value: 'p' }, archetype_node_id: 'at0010', items: [] } };
    expect(run([], protocol)).toEqual([['existence', '/content[openEHR-EHR-ADMIN_ENTRY.synthetic.v1]/protocol', 'absent (existence 0..0)', 'present']]);
  });

  it('attributes the template does not constrain are not extra (name, uid, feeder_audit, links …)', () => {
    expect(
      run([], {
        uid: { _type: 'HIER_OBJECT_ID', value: 'x' },
        feeder_audit: { originating_system_audit: { system_id: 's' } },
        links: [{ meaning: { value: 'm' }, type: { value: 't' }, target: { value: 'ehr://x' } }],
        other_participations: [],
      }),
    ).toEqual([]);
  });

  it('every violation carries a JSONPath too', () => {
    const doc = syntheticComposition([mandatory, el('at0003', { _type: 'DV_COUNT', magnitude: -1 })]);
    expect(validateAgainstTemplate(T, doc)[0]?.jsonPath).toBe('$.content[0].data.items[1].value.magnitude');
  });

  it('survives documents that are not compositions', () => {
    expect(validateAgainstTemplate(T, {}).map((v) => v.constraint)).toEqual(['archetype_id', 'template_id']);
    expect(validateAgainstTemplate(T, { _type: 'EHR_STATUS' }).map((v) => v.constraint)).toEqual(['rm_type', 'archetype_id', 'template_id']);
    expect(validateAgainstTemplate(T, [] as never).map((v) => v.constraint)).toEqual(['rm_type']);
  });
});
