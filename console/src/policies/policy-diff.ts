/** One difference between two JSON documents, at a JSON pointer. */
export interface Change {
  pointer: string;
  before?: unknown;
  after?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The leaves that differ between `before` and `after` (arrays compared item by item), in document order. */
export function jsonChanges(before: unknown, after: unknown, pointer = ''): Change[] {
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, index) => jsonChanges(before[index], after[index], `${pointer}/${index}`)).flat();
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => jsonChanges(before[key], after[key], `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ pointer: pointer || '/', ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) }];
}
