// Small assertion helpers: each throws CanonicalJsonError at the offending path,
// with a reason of the form "<label> <key> must be <expected>, found <actual>".
import { CanonicalJsonError } from './errors.ts';
import { childPath, describe, describeType, isObject, isPresent } from './json-path.ts';
import type { CanonicalObject } from './types.ts';

export function fail(path: string, reason: string): never {
  throw new CanonicalJsonError(path, reason);
}

type Test = (v: unknown) => boolean;

export const isString: Test = (v) => typeof v === 'string';
export const isNonEmptyString: Test = (v) => typeof v === 'string' && v.length > 0;
export const isFiniteNumber: Test = (v) => typeof v === 'number' && Number.isFinite(v);
export const isInteger: Test = (v) => Number.isInteger(v);

/** Checks a required attribute; `expected` reads like "a number". */
export function requireField(o: CanonicalObject, key: string, path: string, label: string, expected: string, test: Test): void {
  const v = o[key];
  if (!test(v)) fail(childPath(path, key), `${label} ${key} must be ${expected}, found ${describe(v)}`);
}

/** Checks an optional attribute when it is present (not undefined / null). */
export function optionalField(o: CanonicalObject, key: string, path: string, label: string, expected: string, test: Test): void {
  if (isPresent(o[key])) requireField(o, key, path, label, expected, test);
}

/** The object at `path`, or an error saying what was expected there. */
export function requireObject(v: unknown, path: string, what: string, expected = 'an object'): CanonicalObject {
  if (!isObject(v)) fail(path, `${what} must be ${expected}, found ${describe(v)}`);
  return v;
}

/** `_type` is often omitted in canonical JSON where the type is not polymorphic; when given it must match. */
export function checkOptionalType(o: CanonicalObject, path: string, what: string, allowed: readonly string[]): void {
  if (o._type !== undefined && (typeof o._type !== 'string' || !allowed.includes(o._type))) {
    fail(childPath(path, '_type'), `${what} _type must be ${allowed.join(' or ')}, found ${describeType(o._type)}`);
  }
}

export function checkCodePhrase(v: unknown, path: string, what = 'CODE_PHRASE'): void {
  const o = requireObject(v, path, what, 'a CODE_PHRASE object');
  checkOptionalType(o, path, what, ['CODE_PHRASE']);
  const tidPath = childPath(path, 'terminology_id');
  const tid = requireObject(o.terminology_id, tidPath, `${what} terminology_id`, 'a TERMINOLOGY_ID object');
  requireField(tid, 'value', tidPath, `${what} terminology_id`, 'a string', isString);
  requireField(o, 'code_string', path, what, 'a string', isString);
}

export function checkText(v: unknown, path: string, what = 'DV_TEXT'): void {
  const o = requireObject(v, path, what, 'a DV_TEXT object');
  checkOptionalType(o, path, what, ['DV_TEXT', 'DV_CODED_TEXT']);
  requireField(o, 'value', path, what, 'a string', isString);
}

export function checkCodedText(v: unknown, path: string, what = 'DV_CODED_TEXT'): void {
  const o = requireObject(v, path, what, 'a DV_CODED_TEXT object');
  checkOptionalType(o, path, what, ['DV_CODED_TEXT']);
  requireField(o, 'value', path, what, 'a string', isString);
  const at = childPath(path, 'defining_code');
  if (!isPresent(o.defining_code)) {
    fail(at, `${what} defining_code is required: expected a CODE_PHRASE object, found ${describe(o.defining_code)}`);
  }
  checkCodePhrase(o.defining_code, at, `${what} defining_code`);
}
