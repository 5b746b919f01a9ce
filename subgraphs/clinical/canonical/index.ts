import { requireStorable } from './storable.ts';
import { summarizeComposition } from './summarize.ts';
import type { CompositionSummary } from './types.ts';
import { validateDocument } from './validate.ts';

export type { CanonicalObject, CompositionSummary, ElementSummary, EntryRmType, EntrySummary } from './types.ts';
export { rmInvariantViolations, type RmViolation } from './invariants.ts';
export { openehrCode, openehrRubric } from './terminology.ts';
export { CanonicalJsonError } from './errors.ts';
export { isIsoDate, isIsoDateTime, isIsoDuration, isIsoTime, parseIsoInstant } from './iso8601.ts';
export { parseCompositionText } from './parse.ts';
export { summarizeComposition } from './summarize.ts';

/**
 * Validates the shape of a parsed JSON value as a canonical COMPOSITION; throws CanonicalJsonError at the first
 * problem. Commits also require `rmInvariantViolations` to find none.
 */
export function validateComposition(doc: unknown): CompositionSummary {
  requireStorable(doc);
  return summarizeComposition(validateDocument(doc));
}
