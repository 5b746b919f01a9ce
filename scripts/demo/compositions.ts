/**
 * Builders of small, valid openEHR canonical JSON compositions for demo data and benchmarks:
 * a blood pressure reading and a coded laboratory result, with values the demo and the benchmarks
 * choose (the real fixture documents are in test/fixtures/openehr).
 */
type Json = Record<string, unknown>;

const codePhrase = (terminology: string, code: string): Json => ({
  _type: 'CODE_PHRASE',
  terminology_id: { _type: 'TERMINOLOGY_ID', value: terminology },
  code_string: code,
});
const text = (value: string): Json => ({ _type: 'DV_TEXT', value });
const coded = (value: string, terminology: string, code: string): Json => ({
  _type: 'DV_CODED_TEXT',
  value,
  defining_code: codePhrase(terminology, code),
});
const element = (nodeId: string, name: string, value: Json): Json => ({
  _type: 'ELEMENT',
  name: text(name),
  archetype_node_id: nodeId,
  value,
});
const quantity = (magnitude: number, units: string): Json => ({ _type: 'DV_QUANTITY', magnitude, units });

function observation(archetypeId: string, name: string, time: string, items: Json[]): Json {
  return {
    _type: 'OBSERVATION',
    name: text(name),
    archetype_details: { _type: 'ARCHETYPED', archetype_id: { _type: 'ARCHETYPE_ID', value: archetypeId }, rm_version: '1.0.4' },
    archetype_node_id: archetypeId,
    language: codePhrase('ISO_639-1', 'en'),
    encoding: codePhrase('IANA_character-sets', 'UTF-8'),
    subject: { _type: 'PARTY_SELF' },
    data: {
      _type: 'HISTORY',
      name: text('History'),
      archetype_node_id: 'at0001',
      origin: { _type: 'DV_DATE_TIME', value: time },
      events: [
        {
          _type: 'POINT_EVENT',
          name: text('Any event'),
          archetype_node_id: 'at0002',
          time: { _type: 'DV_DATE_TIME', value: time },
          data: { _type: 'ITEM_TREE', name: text('Tree'), archetype_node_id: 'at0003', items },
        },
      ],
    },
  };
}

function composition(templateId: string, archetypeId: string, name: string, time: string, content: Json[]): Json {
  return {
    _type: 'COMPOSITION',
    name: text(name),
    archetype_details: {
      _type: 'ARCHETYPED',
      archetype_id: { _type: 'ARCHETYPE_ID', value: archetypeId },
      template_id: { _type: 'TEMPLATE_ID', value: templateId },
      rm_version: '1.0.4',
    },
    archetype_node_id: archetypeId,
    language: codePhrase('ISO_639-1', 'en'),
    territory: codePhrase('ISO_3166-1', 'GB'),
    category: coded('event', 'openehr', '433'),
    composer: { _type: 'PARTY_SELF' },
    context: {
      _type: 'EVENT_CONTEXT',
      start_time: { _type: 'DV_DATE_TIME', value: time },
      setting: coded('other care', 'openehr', '238'),
    },
    content,
  };
}

/** A vital-signs encounter with one blood pressure observation (systolic/diastolic in mm[Hg]). */
export function bloodPressureComposition(systolic: number, diastolic: number, time: string): Json {
  return composition('demo.vital_signs.v1', 'openEHR-EHR-COMPOSITION.encounter.v1', 'Vital signs', time, [
    observation('openEHR-EHR-OBSERVATION.blood_pressure.v2', 'Blood pressure', time, [
      element('at0004', 'Systolic', quantity(systolic, 'mm[Hg]')),
      element('at0005', 'Diastolic', quantity(diastolic, 'mm[Hg]')),
    ]),
  ]);
}

export interface LabTest {
  name: string;
  loinc: string;
  magnitude: number;
  units: string;
}

export const HBA1C = (percent: number): LabTest => ({ name: 'Hemoglobin A1c', loinc: '4548-4', magnitude: percent, units: '%' });
export const ANCA = (titre: number): LabTest => ({ name: 'Neutrophil cytoplasmic Ab', loinc: '17351-8', magnitude: titre, units: '{titer}' });

/** A laboratory report with one coded result per test (LOINC), one entry each. */
export function labReportComposition(tests: LabTest[], time: string): Json {
  return composition(
    'demo.laboratory_report.v1',
    'openEHR-EHR-COMPOSITION.report-result.v1',
    'Laboratory report',
    time,
    tests.map((test) =>
      observation('openEHR-EHR-OBSERVATION.laboratory_test_result.v1', 'Laboratory test result', time, [
        element('at0005', 'Test name', coded(test.name, 'LOINC', test.loinc)),
        element('at0001', 'Result value', quantity(test.magnitude, test.units)),
      ]),
    ),
  );
}
