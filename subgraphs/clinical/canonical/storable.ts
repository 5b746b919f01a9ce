import { MAX_JSON_DEPTH } from '../../../platform/http/json-depth.ts';
import { CanonicalJsonError } from './errors.ts';
import { childPath } from './json-path.ts';

/** NUL, and UTF-16 halves without their other half: PostgreSQL text and JSON cannot hold them. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Identifiers the store indexes (archetype, template and terminology ids, codes). An index entry
 * must fit in a third of a page, so these are held to a length no real identifier comes near.
 */
export const MAX_IDENTIFIER_LENGTH = 500;
const IDENTIFIER_KEYS = new Set(['archetype_node_id', 'code_string']);
const IDENTIFIER_OBJECTS = new Set(['template_id', 'terminology_id', 'archetype_id']);

/**
 * Refuses a document the store cannot hold or that would overflow the stack of the code after this
 * (nested too deep, text PostgreSQL refuses, over-long identifiers), naming the JSON path, before
 * anything fails with an internal error. Walks without recursion, so any depth is safe here.
 */
export function requireStorable(document: unknown): void {
  const pending: { value: unknown; path: string; depth: number; identifier: boolean }[] = [{ value: document, path: '$', depth: 0, identifier: false }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path, depth, identifier } = next;
    if (typeof value === 'string') requireStorableString(value, path, identifier);
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) throw new CanonicalJsonError(path, `the document nests deeper than ${MAX_JSON_DEPTH} levels`);
    for (const [key, child] of Object.entries(value)) {
      if (UNSTORABLE.test(key)) throw new CanonicalJsonError(path, 'a key contains a NUL character or an unpaired UTF-16 surrogate, which cannot be stored');
      const childIsIdentifier = IDENTIFIER_KEYS.has(key) || (key === 'value' && IDENTIFIER_OBJECTS.has(path.slice(path.lastIndexOf('.') + 1)));
      const childPathText = childPath(path, Array.isArray(value) ? Number(key) : key);
      pending.push({ value: child, path: childPathText, depth: depth + 1, identifier: childIsIdentifier });
    }
  }
}

function requireStorableString(text: string, path: string, identifier: boolean): void {
  if (UNSTORABLE.test(text)) throw new CanonicalJsonError(path, 'text contains a NUL character or an unpaired UTF-16 surrogate, which cannot be stored');
  if (identifier && text.length > MAX_IDENTIFIER_LENGTH) {
    throw new CanonicalJsonError(path, `an identifier may be at most ${MAX_IDENTIFIER_LENGTH} characters long, found ${text.length}`);
  }
}
