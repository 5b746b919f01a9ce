/**
 * How deep a request body's JSON may nest. openEHR compositions nest a few dozen levels; much
 * deeper input only serves to overflow the stack of recursive code downstream (JSON.stringify when
 * the gateway forwards variables, validators), which would answer with an internal error.
 */
export const MAX_JSON_DEPTH = 256;

/** A message when `value` nests deeper than `max` arrays/objects, else null. Iterative: safe at any depth. */
export function jsonDepthProblem(value: unknown, max = MAX_JSON_DEPTH): string | null {
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, depth] = next;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= max) return `Request body nests deeper than ${max} levels`;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return null;
}
