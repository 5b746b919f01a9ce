// ARCHETYPE_SLOT semantics: which archetype ids a slot admits (ADL 1.4 include/exclude assertions on
// `archetype_id/value`, regexes matched against the whole id).
import { anchored } from './leaf-constraints.ts';
import type { SlotNode } from './types.ts';

/** `openEHR-EHR-CLUSTER.device.v1`, `openEHR-EHR-OBSERVATION.lab_test-result.v2` … */
const ARCHETYPE_ID = /^\w+-\w+-[A-Z][A-Z_]*\.[\w-]+\.v\d/;

export function isArchetypeId(id: string): boolean {
  return ARCHETYPE_ID.test(id);
}

/**
 * Includes only: the id must match one. Excludes only (or includes `.*`): it must match none. Both: includes win
 * (the usual "include these, exclude everything else" form).
 */
export function slotAllows(slot: SlotNode, archetypeId: string): boolean {
  const test = (patterns: string[]): boolean => patterns.some((p) => anchored(p)?.test(archetypeId) === true);
  const { includes, excludes } = slot;
  if (excludes.length === 0) return includes.length === 0 || test(includes);
  if (includes.length === 0 || includes.every((p) => p === '.*')) return !test(excludes);
  return test(includes) || (!excludes.every((p) => p === '.*') && !test(excludes));
}

/** `an archetype matching /…/ or /…/` for violation messages. */
export function slotExpectation(slots: SlotNode[]): string {
  const patterns = slots.flatMap((s) => s.includes.map((p) => `/${p}/`)).join(' or ');
  return patterns ? `an archetype matching ${patterns}` : 'an archetype the slot allows';
}
