import { CanonicalJsonError } from './errors.ts';

/** Parses JSON text; a syntax error becomes a CanonicalJsonError at "$" carrying the parser's message. */
export function parseCompositionText(text: string): unknown {
  try {
    return JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CanonicalJsonError('$', `expected valid JSON text, found a syntax error: ${message}`);
  }
}
