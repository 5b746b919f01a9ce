/**
 * What FLAT and STRUCTURED cost per composition: toFlat / fromFlat (and STRUCTURED both ways) on the largest fixture
 * (conformance_ehrbase.de.v0_max_v2.json, its FLAT made by toFlat) and a small one (EHRbase's Vitalsigns FLAT
 * example), beside what a commit validates anyway (shape, RM invariants, template), with the web template built once.
 */
import { readFileSync } from 'node:fs';
import { fromFlat, toFlat } from '../subgraphs/clinical/formats/flat.ts';
import { fromStructured, toStructured } from '../subgraphs/clinical/formats/structured.ts';
import { rmInvariantViolations, validateComposition, type CanonicalObject } from '../subgraphs/clinical/canonical/index.ts';
import { compileTemplate, validateAgainstTemplate, webTemplate, type CompiledTemplate } from '../subgraphs/clinical/templates/index.ts';
import { quantile, sampleSync } from './stats.ts';
import { OPENEHR_FIXTURES } from '../test/kit/fixtures.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1000);
const WARMUP = 100;

const read = (path: string) => readFileSync(new URL(path, OPENEHR_FIXTURES), 'utf8');

/** Microseconds per run of `work`: median and p99 of ROUNDS runs after WARMUP. */
function time(work: () => unknown): { median: number; p99: number } {
  const samples = sampleSync(work, ROUNDS, WARMUP).map((milliseconds) => milliseconds * 1000);
  return { median: quantile(samples, 0.5), p99: quantile(samples, 0.99) };
}

function composed(flat: Record<string, unknown>, template: CompiledTemplate, web: ReturnType<typeof webTemplate>): CanonicalObject {
  const result = fromFlat(flat, template, web);
  if (result.violations) throw new Error(`the fixture should convert: ${JSON.stringify(result.violations[0])}`);
  return result.composition;
}

function measure(label: string, optFile: string, canonical: (template: CompiledTemplate, web: ReturnType<typeof webTemplate>) => CanonicalObject): void {
  const template = compileTemplate(read(`templates/${optFile}`));
  const web = webTemplate(template);
  const composition = canonical(template, web);
  const flat = toFlat(composition, web);
  const structured = toStructured(composition, web);
  const validate = () => (validateComposition(composition), rmInvariantViolations(composition), validateAgainstTemplate(template, composition));
  const rows: Array<[string, () => unknown]> = [
    ['toFlat (canonical → FLAT)', () => toFlat(composition, web)],
    ['fromFlat (FLAT → canonical)', () => fromFlat(flat, template, web)],
    ['toStructured', () => toStructured(composition, web)],
    ['fromStructured', () => fromStructured(structured, template, web)],
    ['validation on commit (shape + RM + template)', validate],
  ];
  console.log(`\n${label}: ${Object.keys(flat).length} FLAT keys, canonical ${JSON.stringify(composition).length} bytes`);
  for (const [name, work] of rows) {
    const { median, p99 } = time(work);
    console.log(`  ${name.padEnd(48)}${median.toFixed(0).padStart(7)} µs median ${p99.toFixed(0).padStart(7)} µs p99`);
  }
}

console.log(`FLAT and STRUCTURED conversion, per composition (${ROUNDS} runs each after ${WARMUP} warm-up)`);
measure(
  'largest: conformance max_v2',
  'conformance_ehrbase.de.v0.opt',
  () => JSON.parse(read('compositions/conformance_ehrbase.de.v0_max_v2.json')) as CanonicalObject,
);
measure('small: EHRbase Vitalsigns FLAT example', 'EHRN_Vital_signs.v2.opt', (template, web) =>
  composed(JSON.parse(read('flat/Vitalsigns.flat.json')) as Record<string, unknown>, template, web),
);
