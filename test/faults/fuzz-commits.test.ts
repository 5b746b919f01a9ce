import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture } from '../kit/fixtures.ts';
import type { GraphQLResponse } from '../kit/graphql-client.ts';
import { CLINICAL_TABLES, rowCounts } from '../kit/row-counts.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import { expectClearAnswer } from './clear-errors.ts';
import { expectSameDocument, FIXTURES, type Json } from './documents.ts';

const COMMIT = `mutation($ehrId: UUID!, $c: JSON!) { commitComposition(ehrId: $ehrId, composition: $c) { uid canonical } }`;
/** Keeps the run short: the two 66 kB fixtures add time, not new shapes. */
const SMALL_FIXTURES = FIXTURES.filter((name) => !name.includes('_max_'));
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

type Path = (string | number)[];

/** Every path inside a JSON value (not the root itself). */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return keys.flatMap((key) => [[...prefix, key], ...pathsOf((value as Record<string | number, unknown>)[key], [...prefix, key])]);
}

/** JSON text nested `depth` deep, written directly: JSON.stringify would overflow the stack on it. */
function nestedText(depth: number, asArray: boolean): string {
  return asArray ? `${'['.repeat(depth)}"bottom"${']'.repeat(depth)}` : `${'{"_type":"CLUSTER","items":'.repeat(depth)}"bottom"${'}'.repeat(depth)}`;
}

/** Stands for the deep value in the document until its text is spliced in. */
const DEEP_MARKER = '\u0001deep\u0001';

const STRANGE_TEXT = ['\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\u202eevil', '👩‍⚕️🩺', 'ǅ\u0301\u200d', '\\u0000', "'; DROP TABLE entries; --", ''];

/**
 * What to put in place of a node: other types, numbers as strings and back, strange text; huge and
 * deep values are described here and built in `mutate`, so that fast-check can print a counterexample.
 */
const replacement = fc
  .oneof(
    fc.constantFrom<unknown>(null, true, false, 0, -1, 1e308, -0.5, 2 ** 53 + 1, '42', '1.5e3', 'NaN', '2026-13-45T25:61:00Z', [], {}, [null], {
      _type: 'DV_TEXT',
    }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(...STRANGE_TEXT),
    fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 5 }),
  )
  .map((value) => ({ value }));
const huge = fc.constantFrom(10_000, 1_000_000).map((length) => ({ huge: length }));
const deep = fc.record({ depth: fc.constantFrom(50, 1_000, 5_000), asArray: fc.boolean() });

const mutation = fc.record({
  fixture: fc.constantFrom(...SMALL_FIXTURES),
  target: fc.nat(),
  change: fc.oneof(fc.constant({ drop: true as const }), replacement, huge, deep),
  asText: fc.boolean(),
});

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function built(change: Mutation['change']): unknown {
  if ('value' in change) return change.value;
  if ('huge' in change) return 'é'.repeat(change.huge);
  if ('depth' in change) return DEEP_MARKER;
  return undefined;
}

/** The fixture with one node dropped or replaced (the root replaced when the target is past the last path). */
function mutate({ fixture, target, change }: Mutation): unknown {
  const document = loadFixture(fixture) as Json;
  const paths = pathsOf(document);
  const path = paths[target % (paths.length + 1)];
  if (!path) return built(change);
  let parent: Record<string | number, unknown> = document;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (!('drop' in change)) parent[last] = built(change);
  else if (Array.isArray(parent)) parent.splice(last as number, 1);
  else delete parent[last];
  return document;
}

/** The mutated document as JSON text, with a deep value spliced in where the marker is. */
function documentText(document: unknown, change: Mutation['change']): string {
  const text = JSON.stringify(document) ?? 'null';
  return 'depth' in change ? text.replace(JSON.stringify(DEEP_MARKER), nestedText(change.depth, change.asArray)) : text;
}

/** Posts the commit with the document written as JSON text (or as a JSON string holding it). */
async function commitText(text: string, asText: boolean, token: string): Promise<GraphQLResponse> {
  const variables = `{"ehrId":${JSON.stringify(ehrId)},"c":${asText ? JSON.stringify(text) : text}}`;
  const response = await fetch(system.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: `{"query":${JSON.stringify(COMMIT)},"variables":${variables}}`,
  });
  return { status: response.status, ...((await response.json()) as Omit<GraphQLResponse, 'status'>) };
}

let system: TestSystem;
let ehrId: string;

beforeAll(async () => {
  system = await startSystem();
  ehrId = (await system.gateway.request(`mutation { createEhr { id } }`)).data.createEhr.id;
});
afterAll(async () => {
  await system?.stop();
});

describe('fuzzed canonical JSON commits (mutated real fixtures)', () => {
  it(`answers ${RUNS} mutated documents with success or a clear typed error, and a refusal writes nothing`, async () => {
    const tally = { stored: 0, refused: 0 };
    const token = await system.token();
    await fc.assert(
      fc.asyncProperty(mutation, async (input) => {
        const document = mutate(input);
        const before = await rowCounts(system.clinicalDb, CLINICAL_TABLES);
        const response = await commitText(documentText(document, input.change), input.asText, token);
        expectClearAnswer(response, input);
        const after = await rowCounts(system.clinicalDb, CLINICAL_TABLES);
        if (response.errors) {
          tally.refused++;
          expect(after).toEqual(before);
        } else {
          tally.stored++;
          expect(after.composition_versions).toBe(before.composition_versions! + 1);
          if (!('depth' in input.change))
            expectSameDocument((response.data as { commitComposition: { canonical: unknown } }).commitComposition.canonical, document);
        }
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: 25_000 },
    );
    console.log(`fuzzed commits: ${tally.stored} stored, ${tally.refused} refused with a clear error`);
  }, 90_000);
});
