// A self-contradictory OPT: constraints no composition can meet together (a range whose lower bound exceeds its upper,
// a cardinality below its mandatory members …). Found by construction: the example generator picks, for every node,
// a value each constraint allows, so whatever its examples still break, the template itself rules out.
import { rmInvariantViolations } from '../canonical/index.ts';
import { exampleComposition } from './example.ts';
import type { CompiledTemplate } from './types.ts';
import { validateAgainstTemplate } from './validate.ts';

/** One constraint the template's own examples cannot meet: its path in the template, and why. */
export interface Contradiction {
  path: string;
  message: string;
}

/** Every contradiction of the template, found in its minimal and its full example; [] for a usable template. */
export function contradictions(template: CompiledTemplate): Contradiction[] {
  const found = new Map<string, Contradiction>();
  for (const full of [false, true]) {
    const example = exampleComposition(template, { full });
    for (const v of validateAgainstTemplate(template, example)) {
      const message = `${v.constraint} expected ${v.expected}, but the constraints only allow ${v.actual}`;
      found.set(`${v.path} ${message}`, { path: v.path, message });
    }
    for (const v of rmInvariantViolations(example)) found.set(`${v.jsonPath} ${v.message}`, { path: v.jsonPath, message: v.message });
  }
  return [...found.values()];
}
