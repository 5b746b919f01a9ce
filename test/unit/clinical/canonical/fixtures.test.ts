import { describe, expect, it } from 'vitest';
import { fixtureNames, loadVerbatimFixture } from '../../../kit/fixtures.ts';
import { validateComposition, type CompositionSummary, type EntrySummary } from '../../../../subgraphs/clinical/canonical/index.ts';

const MAX_ENTRY_TYPES = ['ACTION', 'ADMIN_ENTRY', 'EVALUATION', 'INSTRUCTION', 'OBSERVATION'];
const summaryOf = (name: string): CompositionSummary => validateComposition(loadVerbatimFixture(name));
const rmTypes = (s: CompositionSummary): string[] => s.entries.map((e) => e.rmType);
const onlyEntry = (s: CompositionSummary): EntrySummary => {
  expect(s.entries).toHaveLength(1);
  return s.entries[0]!;
};

describe('fixtures', () => {
  it('finds all 14 canonical JSON compositions', () => {
    expect(fixtureNames()).toHaveLength(14);
  });

  it.each(fixtureNames())('%s validates', (name) => {
    const summary = summaryOf(name);
    expect(summary.templateId).not.toBe('');
    expect(summary.category).toBe('event');
    expect(summary.categoryCode).toBe('433');
    expect(summary.startTime).toBeInstanceOf(Date);
    expect(summary.entries.length).toBeGreaterThan(0);
    summary.entries.forEach((entry, i) => expect(entry.position).toBe(i));
  });

  it.each([
    ['all_types_systematic_tests.json', 'test_all_types.en.v1', ['OBSERVATION', 'EVALUATION', 'INSTRUCTION', 'ACTION', 'ADMIN_ENTRY']],
    ['ehrbase_blood_pressure_simple.de.v0.json', 'ehrbase_blood_pressure_simple.de.v0', ['OBSERVATION']],
    ['laboratory_report.json', 'Laboratory Report', ['OBSERVATION']],
    ['minimal_observation_1.composition.json', 'minimal_observation.en.v1', ['OBSERVATION']],
    ['minimal_evaluation.json', 'minimal_evaluation.en.v1', ['EVALUATION']],
    ['minimal_instruction.json', 'minimal_instruction.en.v1', ['INSTRUCTION']],
    ['minimal_action2_1.json', 'Minimal action 2', ['ACTION']],
    ['minimal_admin.json', 'minimal_admin.en.v1', ['ADMIN_ENTRY']],
    ['conformance_ehrbase.de.v0_known_date_type_1.json', 'conformance-ehrbase.de.v0', ['OBSERVATION']],
    ['conformance_ehrbase.de.v0_max_v2.json', 'conformance-ehrbase.de.v0', MAX_ENTRY_TYPES],
    ['conformance_ehrbase.de.v0_max_v3.json', 'conformance-ehrbase.de.v0', MAX_ENTRY_TYPES],
  ])('%s: template %s, entries %j', (name, templateId, types) => {
    const summary = summaryOf(name);
    expect(summary.templateId).toBe(templateId);
    expect(rmTypes(summary)).toEqual(types);
  });

  it('blood pressure: sample_blood_pressure OBSERVATION with DV_QUANTITY mm[Hg] elements', () => {
    const summary = summaryOf('ehrbase_blood_pressure_simple.de.v0.json');
    expect(summary).toMatchObject({ language: 'de', territory: 'DE', name: 'Encounter (training sample)' });
    expect(summary.startTime?.toISOString()).toBe('2019-04-03T22:00:00.000Z');
    const entry = onlyEntry(summary);
    expect(entry.archetypeNodeId).toBe('openEHR-EHR-OBSERVATION.sample_blood_pressure.v1');
    expect(entry.path).toBe('/content[openEHR-EHR-OBSERVATION.sample_blood_pressure.v1]');
    const quantities = entry.elements.filter((e) => e.value?._type === 'DV_QUANTITY');
    expect(quantities.map((e) => e.name)).toEqual(['Systolic', 'Diastolic', 'Mean Arterial Pressure', 'Pulse Pressure']);
    expect(quantities.every((e) => e.value?.units === 'mm[Hg]')).toBe(true);
    expect(quantities[0]?.path).toBe('/content[openEHR-EHR-OBSERVATION.sample_blood_pressure.v1]/data[at0001]/events[at0002]/data[at0003]/items[at0004]');
    expect(entry.elements.find((e) => e.name === 'Cuff size')?.value?.value).toBe('Adult');
  });

  it('laboratory_report: LOINC::2093-3, local start time read as UTC', () => {
    const summary = summaryOf('laboratory_report.json');
    expect(summary.startTime?.toISOString()).toBe('2014-02-05T12:54:54.000Z');
    const entry = onlyEntry(summary);
    expect(entry.codes).toContain('LOINC::2093-3');
    expect(entry.codes).toEqual(['ISO_639-1::en', 'IANA_character-sets::UTF-8', 'LOINC::2093-3', 'local::at0038', 'openehr_normal_statuses::H']);
    const result = entry.elements.find((e) => e.name === 'Result value');
    expect(result?.value).toMatchObject({ _type: 'DV_QUANTITY', magnitude: 203, units: 'mg/dL' });
    expect(result?.path).toBe(
      '/content[openEHR-EHR-OBSERVATION.lab_test-result.v1]/data[at0001]/events[at0002]' + '/data[at0003]/items[at0095]/items[at0096]/items[at0112]',
    );
  });

  it('all_types: entries nested two SECTIONs deep, one bare ELEMENT without value', () => {
    const summary = summaryOf('all_types_systematic_tests.json');
    expect(summary.startTime?.toISOString()).toBe('2019-01-14T18:36:49.294Z');
    const instruction = summary.entries[2];
    expect(instruction?.path).toBe(
      '/content[openEHR-EHR-SECTION.test_all_types.v1]/items[at0001]/items[at0002]' + '/items[openEHR-EHR-INSTRUCTION.test_all_types.v1]',
    );
    const observation = summary.entries[0]!;
    expect(observation.elements).toHaveLength(16);
    expect(observation.codes).toContain('IANA_media-types::image/jpeg');
    const uri = summary.entries[1]?.elements[0];
    expect(uri).toMatchObject({ name: 'uri', value: null, nullFlavour: null });
  });

  it('conformance max_v2: entries inside a SECTION, null_flavour element', () => {
    const summary = summaryOf('conformance_ehrbase.de.v0_max_v2.json');
    const section = '/content[openEHR-EHR-SECTION.conformance_section.v0]';
    expect(summary.entries.map((e) => e.path)).toEqual([
      `${section}/items[openEHR-EHR-ACTION.conformance_action_.v0]`,
      `${section}/items[openEHR-EHR-ADMIN_ENTRY.conformance_admin_entry.v0]`,
      `${section}/items[openEHR-EHR-EVALUATION.conformance_evaluation.v0]`,
      `${section}/items[openEHR-EHR-INSTRUCTION.conformance_instruction.v0]`,
      `${section}/items[openEHR-EHR-OBSERVATION.conformance_observation.v0]`,
    ]);
    const observation = summary.entries[4]!;
    expect(observation.elements).toHaveLength(61);
    const nulled = observation.elements.find((e) => e.nullFlavour !== null);
    expect(nulled).toMatchObject({ name: 'DV_QUANTITY', archetypeNodeId: 'at0008', value: null, nullFlavour: 'unknown' });
    expect(observation.codes).toEqual(expect.arrayContaining(['SNOMED-CT::21794005', 'openehr::253', 'IANA_media-types::video/H261']));
    expect(summary.entries[0]?.codes).toEqual(expect.arrayContaining(['openehr::532', 'openehr::548']));
  });

  it('minimal_*: the one data value of each entry type', () => {
    const value = (name: string): unknown => onlyEntry(summaryOf(name)).elements[0]?.value;
    expect(value('minimal_evaluation.json')).toMatchObject({ _type: 'DV_QUANTITY', magnitude: 78.5, units: 'kg' });
    expect(value('minimal_instruction.json')).toMatchObject({ _type: 'DV_DURATION', value: 'PT30M' });
    expect(value('minimal_action2_1.json')).toMatchObject({ _type: 'DV_PROPORTION', numerator: 3, type: 3 });
    expect(value('minimal_admin.json')).toMatchObject({ _type: 'DV_ORDINAL', value: 1 });
    expect(value('minimal_observation_1.composition.json')).toMatchObject({ _type: 'DV_TEXT', value: 'first value' });
  });

  it('known_date_type 1..4 differ only in start time (offsets applied)', () => {
    const times = [1, 2, 3, 4].map((n) => summaryOf(`conformance_ehrbase.de.v0_known_date_type_${n}.json`).startTime?.toISOString());
    expect(times).toEqual(['2021-12-21T13:19:31.649Z', '2022-12-21T13:19:31.649Z', '2021-12-21T14:19:31.649Z', '2021-12-21T11:19:31.649Z']);
  });
});
