import { badInput } from '../../../platform/errors/errors.ts';
import type { VersionPattern } from '../model/rows.ts';

const QUALIFIED_NAME = /^(?:[A-Za-z0-9][\w.-]*::)?[A-Za-z0-9][\w.-]*$/;

/** `[namespace::]name` (openEHR qualified query name); `aql` is reserved. */
export function parseQueryName(name: string): string {
  if (!QUALIFIED_NAME.test(name) || name.length > 200) {
    throw badInput('name must be a qualified query name [namespace::]name of letters, digits, . _ -', { argument: 'name' });
  }
  if (name.toLowerCase() === 'aql') throw badInput('the query name "aql" is reserved', { argument: 'name' });
  return name;
}

/** A full semantic version `MAJOR.MINOR.PATCH`. */
export function parseVersion(version: string): [number, number, number] {
  const match = /^(\d{1,6})\.(\d{1,6})\.(\d{1,6})$/.exec(version);
  if (!match) throw badInput('version must be a semantic version MAJOR.MINOR.PATCH, e.g. 1.0.2', { argument: 'version' });
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** `1`, `1.2`, `1.2.3` or none: the latest version matching (openEHR REST). */
export function parseVersionPattern(version: string | null | undefined): VersionPattern {
  if (!version) return { major: null, minor: null, patch: null };
  const match = /^(\d{1,6})(?:\.(\d{1,6})(?:\.(\d{1,6}))?)?$/.exec(version);
  if (!match) throw badInput('version must be MAJOR, MAJOR.MINOR or MAJOR.MINOR.PATCH', { argument: 'version' });
  const number = (text: string | undefined) => (text === undefined ? null : Number(text));
  return { major: number(match[1]), minor: number(match[2]), patch: number(match[3]) };
}
