import { describe, expect, it } from 'vitest';
import { rmInvariantViolations, validateComposition } from '../../../../subgraphs/clinical/canonical/index.ts';
import { template, templateFiles } from '../../../kit/template-fixtures.ts';
import { compileTemplate, exampleComposition, validateAgainstTemplate } from '../../../../subgraphs/clinical/templates/index.ts';
import { attribute, complex, element, interval, primitive, syntheticOpt } from './synthetic-opt.ts';

// Loosely typed on purpose: reading generated documents.
type Json = any;

describe('exampleComposition', () => {
  it.each(templateFiles())('%s: the minimal and the full example pass all three validators (shape, RM invariants, template)', (file) => {
    const t = template(file);
    for (const full of [false, true]) {
      const example = exampleComposition(t, { full });
      expect(validateComposition(example).templateId).toBe(t.templateId);
      expect(rmInvariantViolations(example)).toEqual([]);
      expect(validateAgainstTemplate(t, example, { strictDatePatterns: true })).toEqual([]);
    }
  });

  it('is deterministic and plain JSON', () => {
    const t = template('Test_all_types.opt');
    expect(exampleComposition(t)).toEqual(exampleComposition(t));
    expect(JSON.parse(JSON.stringify(exampleComposition(t, { full: true })))).toEqual(exampleComposition(t, { full: true }));
  });

  it('has every mandatory node, with the first code and the lowest valid magnitude', () => {
    const example: Json = exampleComposition(template('ehrbase_blood_pressure_simple.de.v0.opt'));
    expect(example.category).toMatchObject({ value: 'event', defining_code: { terminology_id: { value: 'openehr' }, code_string: '433' } });
    expect(example.context.start_time.value).toBe('2026-01-01T00:00:00Z');
    expect(example.content).toHaveLength(1); // OBSERVATION 1..8
    const observation = example.content[0];
    expect(observation).toMatchObject({
      _type: 'OBSERVATION',
      archetype_node_id: 'openEHR-EHR-OBSERVATION.sample_blood_pressure.v1',
      subject: { _type: 'PARTY_SELF' },
    });
    expect(observation.data).toMatchObject({ _type: 'HISTORY', archetype_node_id: 'at0001', origin: { value: '2026-01-01T00:00:00Z' } });
    expect(observation.data.events).toBeUndefined(); // events are optional: minimal means minimal
  });

  it('the full example fills leaves from the constraints', () => {
    const example: Json = exampleComposition(template('ehrbase_blood_pressure_simple.de.v0.opt'), { full: true });
    const event = example.content[0].data.events[0];
    expect(event).toMatchObject({ _type: 'POINT_EVENT', archetype_node_id: 'at0002', time: { value: '2026-01-01T00:00:00Z' } });
    expect(event.data.items[0]).toMatchObject({ archetype_node_id: 'at0004', value: { _type: 'DV_QUANTITY', magnitude: 0, units: 'mm[Hg]' } });
    expect(event.state.items[0]).toMatchObject({
      archetype_node_id: 'at0008',
      value: { defining_code: { terminology_id: { value: 'local' }, code_string: 'at1000' } },
    });

    const admin: Json = exampleComposition(template('minimal_admin.opt'), { full: true });
    expect(admin.content[0].data.items[0].value).toMatchObject({ _type: 'DV_ORDINAL', value: 1, symbol: { defining_code: { code_string: 'at0003' } } });

    const proportion: Json = exampleComposition(template('minimal_action2.opt'), { full: true }).content;
    expect(proportion[0].description.items[0].value).toMatchObject({ _type: 'DV_PROPORTION', numerator: 0, denominator: 1, type: 3 });
  });

  it('honours date patterns and fixed names', () => {
    const all: Json = exampleComposition(template('Test_all_types.opt'), { full: true });
    const activity = all.content[2].items[0].items[0].items[0].activities[0];
    expect(activity.description.items.map((i: Json) => i.value.value)).toEqual(['2026-01', '2026-01-01T00:00:00Z']); // yyyy-??-XX
    expect(activity.action_archetype_id).toBe('openEHR-EHR-ACTION.test_all_types.v1');
    const idcr: Json = exampleComposition(template('IDCR-LaboratoryTestReport.opt'));
    expect(idcr.name.value).toBe('Laboratory test report');
  });
});

describe('exampleComposition on a hand-written template', () => {
  it('adds the RM defaults a template does not mention (category, context) and honours C_BOOLEAN / ranges', () => {
    const t = compileTemplate(
      syntheticOpt(
        element(
          'at0002',
          complex(
            'DV_BOOLEAN',
            '',
            attribute('value', primitive('BOOLEAN', '<item xsi:type="C_BOOLEAN"><true_valid>false</true_valid><false_valid>true</false_valid></item>')),
          ),
          [1, 1],
        ) +
          element(
            'at0003',
            complex('DV_DURATION', '', attribute('value', primitive('DURATION', `<item xsi:type="C_DURATION">${interval('range', null, null)}</item>`))),
            [1, 1],
          ) +
          element(
            'at0004',
            complex('DV_COUNT', '', attribute('magnitude', primitive('INTEGER', `<item xsi:type="C_INTEGER">${interval('range', 5, 10, false)}</item>`))),
            [1, 1],
          ),
      ),
    );
    expect(exampleComposition(t).content).toBeUndefined(); // the ADMIN_ENTRY is optional
    const example: Json = exampleComposition(t, { full: true });
    validateComposition(example);
    expect(validateAgainstTemplate(t, example, { strictDatePatterns: true })).toEqual([]);
    expect(example.category.defining_code.code_string).toBe('433');
    expect(example.context.setting.defining_code.code_string).toBe('238');
    expect(example.content[0].data.items.map((i: Json) => i.value)).toEqual([
      { _type: 'DV_BOOLEAN', value: false },
      { _type: 'DV_DURATION', value: 'PT0S' },
      { _type: 'DV_COUNT', magnitude: 6 },
    ]);
  });
});
