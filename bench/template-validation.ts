/**
 * What validating a composition on commit costs: the largest shared fixture (conformance_ehrbase.de.v0_max_v2.json)
 * checked for its shape, its RM invariants and against conformance_ehrbase.de.v0.opt (compiled once).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { compileTemplate, validateAgainstTemplate } from '../subgraphs/clinical/templates/index.ts';
import { rmInvariantViolations, validateComposition, type CanonicalObject } from '../subgraphs/clinical/canonical/index.ts';
import { ms, quantile } from './stats.ts';
import { OPENEHR_FIXTURES } from '../test/kit/fixtures.ts';

const FIXTURES = OPENEHR_FIXTURES;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1000);

const optXml = readFileSync(new URL('templates/conformance_ehrbase.de.v0.opt', FIXTURES), 'utf8');
const composition = JSON.parse(readFileSync(new URL('compositions/conformance_ehrbase.de.v0_max_v2.json', FIXTURES), 'utf8')) as CanonicalObject;

const compileStart = performance.now();
const template = compileTemplate(optXml);
const compileMs = performance.now() - compileStart;

/** Median and p99 of `check` over ROUNDS runs (after 100 warm-up runs); `check` returns what it found wrong. */
function time(check: () => unknown[]): number[] {
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS + 100; i++) {
    const start = performance.now();
    const problems = check();
    if (i >= 100) samples.push(performance.now() - start);
    if (problems.length > 0) throw new Error(`the fixture should conform: ${JSON.stringify(problems[0])}`);
  }
  return samples;
}

const shape = time(() => (validateComposition(composition), []));
const invariants = time(() => rmInvariantViolations(composition));
const samples = time(() => validateAgainstTemplate(template, composition));
const total = time(() => (validateComposition(composition), [...rmInvariantViolations(composition), ...validateAgainstTemplate(template, composition)]));
console.log(`\ntemplate validation, conformance max_v2 (${JSON.stringify(composition).length} bytes) against its OPT (${optXml.length} bytes)`);
console.log(`  compile once                                           ${ms(compileMs)} ms`);
const row = (label: string, xs: number[]) => console.log(`  ${label.padEnd(55)}${ms(quantile(xs, 0.5))} ${ms(quantile(xs, 0.99))} ms`);
row(`shape (canonical), median / p99 of ${ROUNDS}`, shape);
row(`RM invariants (code sets, proportions, archetype roots)`, invariants);
row(`against the template`, samples);
row(`all three, as a commit runs them`, total);
