import { requireStorable } from './storable.ts';
import { summarizeComposition } from './summarize.ts';
import type { CompositionSummary } from './types.ts';
import { validateDocument, type ValidateOptions } from './validate.ts';

export type { CanonicalObject, CompositionSummary, ElementSummary, EntryRmType, EntrySummary } from './types.ts';
export type { ValidateOptions } from './validate.ts';
export { CanonicalJsonError } from './errors.ts';
export { isIsoDate, isIsoDateTime, isIsoDuration, isIsoTime, parseIsoInstant } from './iso8601.ts';
export { parseCompositionText } from './parse.ts';
export { summarizeComposition } from './summarize.ts';

/** Validates a parsed JSON value as a canonical COMPOSITION; throws CanonicalJsonError at the first problem. */
export function validateComposition(doc: unknown, options?: ValidateOptions): CompositionSummary {
  requireStorable(doc);
  return summarizeComposition(validateDocument(doc, options));
}
