import { readdirSync, readFileSync } from 'node:fs';

/** The real openEHR fixtures vendored into this repository (their origin and licence: SOURCES.md there). */
export const OPENEHR_FIXTURES = new URL('../fixtures/openehr/', import.meta.url);
export const COMPOSITIONS_DIR = new URL('compositions/', OPENEHR_FIXTURES);

/** File names of the canonical JSON COMPOSITION fixtures, sorted. */
export function fixtureNames(): string[] {
  return readdirSync(COMPOSITIONS_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort();
}

/** A freshly parsed fixture, byte for byte as vendored (safe to mutate). Some break RM invariants: see repair(). */
export function loadVerbatimFixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, COMPOSITIONS_DIR), 'utf8')) as unknown;
}

type Node = Record<string, unknown>;
const ENTRIES = new Set(['OBSERVATION', 'EVALUATION', 'INSTRUCTION', 'ACTION', 'ADMIN_ENTRY']);

/**
 * What commits refuse in the openEHR SDK's RM 1.0.x fixtures (all_types_systematic_tests.json, minimal_*.json), and
 * the least change that makes them keep the RM invariants (test/clinical/rm-invariants.test.ts expects the refusals):
 * entries without archetype_details get their own archetype id; minimal_action2_1.json's ACTION, which names the
 * COMPOSITION's archetype there, gets its own; an ELEMENT with neither value nor null_flavour gets the null flavour
 * "no information".
 */
function repair(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(repair);
  if (typeof node !== 'object' || node === null) return;
  const o = node as Node;
  const id = o.archetype_node_id;
  const details = o.archetype_details as { archetype_id?: { value?: unknown } } | undefined;
  if (ENTRIES.has(o._type as string) && typeof id === 'string' && details?.archetype_id?.value !== id) {
    o.archetype_details = { _type: 'ARCHETYPED', rm_version: '1.0.2', ...details, archetype_id: { _type: 'ARCHETYPE_ID', value: id } };
  }
  if (o._type === 'ELEMENT' && o.value == null && o.null_flavour == null) {
    o.null_flavour = { _type: 'DV_CODED_TEXT', value: 'no information', defining_code: { terminology_id: { value: 'openehr' }, code_string: '271' } };
  }
  Object.values(o).forEach(repair);
}

/** A freshly parsed fixture as commits accept it (see repair(); the others are verbatim). Safe to mutate. */
export function loadFixture(name: string): unknown {
  const document = loadVerbatimFixture(name);
  repair(document);
  return document;
}

/**
 * EHRbase's conformance compositions name a patient in feeder_audit subjects (PARTY_IDENTIFIED
 * with a name and a reference), which the clinical store refuses at commit: this copy makes every
 * feed subject PARTY_SELF, as a feed into an anonymous EHR would.
 */
export function withAnonymousFeeds<T>(document: T): T {
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) =>
        (key === 'originating_system_audit' || key === 'feeder_system_audit') && item !== null && typeof item === 'object' && 'subject' in item
          ? [key, { ...(visit(item) as object), subject: { _type: 'PARTY_SELF' } }]
          : [key, visit(item)],
      ),
    );
  };
  return visit(document) as T;
}

/** Where all_types_systematic_tests.json, as published, breaks the RM's invariants (commits refuse it). */
export const ALL_TYPES_RM_BREAKS = [
  '$.content[0].archetype_details',
  '$.content[1].archetype_details',
  '$.content[1].data.items[0]',
  '$.content[2].items[0].items[0].items[0].archetype_details',
  '$.content[2].items[0].items[0].items[1].archetype_details',
  '$.content[2].items[0].items[1].archetype_details',
];
