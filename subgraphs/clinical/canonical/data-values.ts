import {
  checkCodedText,
  checkCodePhrase,
  checkText,
  fail,
  isFiniteNumber,
  isInteger,
  isNonEmptyString,
  isString,
  optionalField,
  requireField,
} from './checks.ts';
import { isIsoDate, isIsoDateTime, isIsoDuration, isIsoTime } from './iso8601.ts';
import { childPath, describe, isObject, isPresent } from './json-path.ts';
import type { CanonicalObject } from './types.ts';

type Check = (o: CanonicalObject, path: string) => void;

const isBoolean = (v: unknown): boolean => typeof v === 'boolean';
const isProportionKind = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 4;
const isDataValue = (v: unknown): boolean => isObject(v) && typeof v._type === 'string' && v._type.startsWith('DV_');

function temporal(type: string, expected: string, valid: (s: string) => boolean): Check {
  return (o, path) => requireField(o, 'value', path, type, expected, (v) => typeof v === 'string' && valid(v));
}

function ordered(type: string, valueExpected: string, valueTest: (v: unknown) => boolean): Check {
  return (o, path) => {
    requireField(o, 'value', path, type, valueExpected, valueTest);
    checkCodedText(o.symbol, childPath(path, 'symbol'), `${type} symbol`);
  };
}

const CHECKS: Record<string, Check> = {
  DV_TEXT: (o, p) => requireField(o, 'value', p, 'DV_TEXT', 'a string', isString),
  DV_CODED_TEXT: (o, p) => checkCodedText(o, p),
  DV_QUANTITY: (o, p) => {
    requireField(o, 'magnitude', p, 'DV_QUANTITY', 'a number', isFiniteNumber);
    requireField(o, 'units', p, 'DV_QUANTITY', 'a string', isString);
    optionalField(o, 'precision', p, 'DV_QUANTITY', 'an integer', isInteger);
  },
  DV_COUNT: (o, p) => requireField(o, 'magnitude', p, 'DV_COUNT', 'an integer', isInteger),
  DV_BOOLEAN: (o, p) => requireField(o, 'value', p, 'DV_BOOLEAN', 'a boolean', isBoolean),
  DV_PROPORTION: (o, p) => {
    requireField(o, 'numerator', p, 'DV_PROPORTION', 'a number', isFiniteNumber);
    requireField(o, 'denominator', p, 'DV_PROPORTION', 'a number', isFiniteNumber);
    requireField(o, 'type', p, 'DV_PROPORTION', 'an integer 0..4', isProportionKind);
    optionalField(o, 'precision', p, 'DV_PROPORTION', 'an integer', isInteger);
  },
  DV_ORDINAL: ordered('DV_ORDINAL', 'an integer', isInteger),
  DV_SCALE: ordered('DV_SCALE', 'a number', isFiniteNumber),
  DV_DATE_TIME: temporal('DV_DATE_TIME', 'an ISO 8601 date-time', isIsoDateTime),
  DV_DATE: temporal('DV_DATE', 'an ISO 8601 date', isIsoDate),
  DV_TIME: temporal('DV_TIME', 'an ISO 8601 time', isIsoTime),
  DV_DURATION: temporal('DV_DURATION', 'an ISO 8601 duration', isIsoDuration),
  DV_IDENTIFIER: (o, p) => {
    requireField(o, 'id', p, 'DV_IDENTIFIER', 'a string', isString);
    for (const key of ['issuer', 'assigner', 'type']) optionalField(o, key, p, 'DV_IDENTIFIER', 'a string', isString);
  },
  DV_INTERVAL: (o, p) => {
    for (const key of ['lower', 'upper']) {
      optionalField(o, key, p, 'DV_INTERVAL', 'a data value object with a DV_* _type', isDataValue);
    }
  },
  DV_URI: (o, p) => requireField(o, 'value', p, 'DV_URI', 'a string', isString),
  DV_EHR_URI: (o, p) => requireField(o, 'value', p, 'DV_EHR_URI', 'a string', isString),
  DV_PARSABLE: (o, p) => {
    requireField(o, 'value', p, 'DV_PARSABLE', 'a string', isString);
    requireField(o, 'formalism', p, 'DV_PARSABLE', 'a string', isString);
  },
  DV_MULTIMEDIA: (o, p) => {
    checkCodePhrase(o.media_type, childPath(p, 'media_type'), 'DV_MULTIMEDIA media_type');
    optionalField(o, 'size', p, 'DV_MULTIMEDIA', 'an integer', isInteger);
  },
};

/** Checks a data value object of a known DV_* type; unknown types pass. */
export function checkDataValue(o: CanonicalObject, path: string): void {
  if (typeof o._type === 'string') CHECKS[o._type]?.(o, path);
}

/** The ELEMENT's own attributes; that it has exactly one of value and null_flavour is an invariant (invariants.ts). */
export function checkElement(o: CanonicalObject, path: string): void {
  requireField(o, 'archetype_node_id', path, 'ELEMENT', 'a non-empty string', isNonEmptyString);
  checkText(o.name, childPath(path, 'name'), 'ELEMENT name');
  if (isPresent(o.value) && !isDataValue(o.value)) {
    const expected = 'a data value object with a DV_* _type';
    fail(childPath(path, 'value'), `ELEMENT value must be ${expected}, found ${describe(o.value)}`);
  }
  if (isPresent(o.null_flavour)) checkCodedText(o.null_flavour, childPath(path, 'null_flavour'), 'ELEMENT null_flavour');
}

/** Checks `o` as the given data value type, whatever its (possibly omitted) `_type` says. */
export function checkDataValueAs(o: CanonicalObject, path: string, type: string): void {
  CHECKS[type]?.(o, path);
}
