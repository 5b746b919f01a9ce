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
