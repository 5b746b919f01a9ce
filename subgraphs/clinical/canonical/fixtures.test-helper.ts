// Shared by the canonical tests: the real openEHR fixtures live in ../shared beside the repo root.
import { readdirSync, readFileSync } from 'node:fs';

const COMPOSITIONS_DIR = new URL('../../../../shared/fixtures/openehr/compositions/', import.meta.url);

/** File names of the canonical JSON COMPOSITION fixtures, sorted. */
export function fixtureNames(): string[] {
  return readdirSync(COMPOSITIONS_DIR).filter((name) => name.endsWith('.json')).sort();
}

/** A freshly parsed fixture (safe to mutate). */
export function loadFixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, COMPOSITIONS_DIR), 'utf8')) as unknown;
}
