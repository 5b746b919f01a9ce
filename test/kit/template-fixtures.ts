// The vendored OPT fixtures and the SOURCES.md composition ↔ template pairing.
import { readdirSync, readFileSync } from 'node:fs';
import { OPENEHR_FIXTURES as FIXTURES } from './fixtures.ts';
import { canonicalXmlToJson } from '../unit/clinical/templates/canonical-xml.ts';
import { compileTemplate, validateAgainstTemplate, type CompiledTemplate, type TemplateValidationOptions } from '../../subgraphs/clinical/templates/index.ts';

export const templateFiles = (): string[] =>
  readdirSync(new URL('templates/', FIXTURES))
    .filter((f) => f.endsWith('.opt'))
    .sort();

export const readOpt = (file: string): string => readFileSync(new URL(`templates/${file}`, FIXTURES), 'utf8');

const compiled = new Map<string, CompiledTemplate>();
/** Compiled once per test file (tests must not mutate the result). */
export function template(file: string): CompiledTemplate {
  let t = compiled.get(file);
  if (!t) compiled.set(file, (t = compileTemplate(readOpt(file))));
  return t;
}

/** A freshly parsed composition fixture (JSON, or the canonical XML one converted to JSON). */
export function composition(file: string): Record<string, unknown> {
  const text = readFileSync(new URL(`compositions/${file}`, FIXTURES), 'utf8');
  return file.endsWith('.xml') ? canonicalXmlToJson(text) : (JSON.parse(text) as Record<string, unknown>);
}

export const webTemplateFixture = (): unknown => JSON.parse(readFileSync(new URL('web_templates/test_all_types.json', FIXTURES), 'utf8'));

const CONFORMANCE = ['max_v2', 'max_v3', 'known_date_type_1', 'known_date_type_2', 'known_date_type_3', 'known_date_type_4'];

/** SOURCES.md pairing table (laboratory_report.json has no template). */
export const PAIRS: Array<[composition: string, template: string]> = [
  ['all_types_systematic_tests.json', 'Test_all_types.opt'],
  ['ehrbase_blood_pressure_simple.de.v0.json', 'ehrbase_blood_pressure_simple.de.v0.opt'],
  ['IDCR-LabReportRAW1.xml', 'IDCR-LaboratoryTestReport.opt'],
  ['minimal_observation_1.composition.json', 'minimal_observation.opt'],
  ['minimal_evaluation.json', 'minimal_evaluation.opt'],
  ['minimal_instruction.json', 'minimal_instruction.opt'],
  ['minimal_action2_1.json', 'minimal_action2.opt'],
  ['minimal_admin.json', 'minimal_admin.opt'],
  ...CONFORMANCE.map((s): [string, string] => [`conformance_ehrbase.de.v0_${s}.json`, 'conformance_ehrbase.de.v0.opt']),
];

// Loosely typed on purpose: fixture surgery.
export type Json = any;

/** Validates a mutated copy of a composition fixture; returns [constraint, path, expected, actual] per violation. */
export function check(templateFile: string, compositionFile: string, mutate: (c: Json) => void, options: TemplateValidationOptions = {}): string[][] {
  const doc = composition(compositionFile);
  mutate(doc);
  return validateAgainstTemplate(template(templateFile), doc, options).map((v) => [v.constraint, v.path, v.expected, v.actual]);
}

export const CONFORMANCE_OPT = 'conformance_ehrbase.de.v0.opt';
export const MAX_V2 = 'conformance_ehrbase.de.v0_max_v2.json';
export const BP_OPT = 'ehrbase_blood_pressure_simple.de.v0.opt';
export const BP_JSON = 'ehrbase_blood_pressure_simple.de.v0.json';
/** openEHR paths into the blood pressure fixture. */
export const BP = '/content[openEHR-EHR-OBSERVATION.sample_blood_pressure.v1]';
export const BP_ITEMS = `${BP}/data[at0001]/events[at0002]/data[at0003]/items`;
export const CUFF = `${BP}/protocol[at0011]/items[at0013]/value/defining_code`;
export const bpItems = (c: Json): Json[] => c.content[0].data.events[0].data.items;
