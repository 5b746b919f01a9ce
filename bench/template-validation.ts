/**
 * What validating a composition against its operational template costs: the largest shared fixture
 * (conformance_ehrbase.de.v0_max_v2.json) against conformance_ehrbase.de.v0.opt, compiled once.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { compileTemplate, validateAgainstTemplate } from '../subgraphs/clinical/templates/index.ts';
import type { CanonicalObject } from '../subgraphs/clinical/canonical/index.ts';
import { ms, quantile } from './stats.ts';
import { OPENEHR_FIXTURES } from '../test/kit/fixtures.ts';

const FIXTURES = OPENEHR_FIXTURES;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1000);

const optXml = readFileSync(new URL('templates/conformance_ehrbase.de.v0.opt', FIXTURES), 'utf8');
const composition = JSON.parse(readFileSync(new URL('compositions/conformance_ehrbase.de.v0_max_v2.json', FIXTURES), 'utf8')) as CanonicalObject;

const compileStart = performance.now();
const template = compileTemplate(optXml);
const compileMs = performance.now() - compileStart;

const samples: number[] = [];
for (let i = 0; i < ROUNDS + 100; i++) {
  const start = performance.now();
  const violations = validateAgainstTemplate(template, composition);
  if (i >= 100) samples.push(performance.now() - start);
  if (violations.length > 0) throw new Error(`the fixture should conform: ${JSON.stringify(violations[0])}`);
}
console.log(`\ntemplate validation, conformance max_v2 (${JSON.stringify(composition).length} bytes) against its OPT (${optXml.length} bytes)`);
console.log(`  compile once                                           ${ms(compileMs)} ms`);
console.log(`  validate, median / p99 of ${ROUNDS}                       ${ms(quantile(samples, 0.5))} ${ms(quantile(samples, 0.99))} ms`);
