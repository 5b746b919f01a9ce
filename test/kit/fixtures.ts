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

/** A freshly parsed fixture (safe to mutate). */
export function loadFixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, COMPOSITIONS_DIR), 'utf8')) as unknown;
}
