import type { CanonicalObject } from './types.ts';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends a key (`.key` or `['key']`) or an array index (`[0]`) to a JSONPath. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (IDENTIFIER.test(key)) return `${parent}.${key}`;
  return `${parent}['${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

export function isObject(value: unknown): value is CanonicalObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Canonical JSON may carry explicit nulls for absent optional attributes. */
export function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** Describes a found value for error messages, e.g. `string "82"`, `number 1.5`, `nothing`. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `string ${quote(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return `array (length ${value.length})`;
  if (isObject(value)) {
    return typeof value._type === 'string' ? `object of _type ${quote(value._type)}` : 'object';
  }
  return typeof value;
}

/** Like describe, but a string `_type` is shown bare-quoted: `"EHR_STATUS"`. */
export function describeType(value: unknown): string {
  return typeof value === 'string' ? quote(value) : describe(value);
}

function quote(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);
}
